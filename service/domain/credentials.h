// Credentials: enrollment secrets, node keys and API tokens are random
// strings handed out once; only their SHA-256 is stored, and a presented
// credential is checked by looking its hash up and comparing the stored hash
// in constant time. Pure apart from the CSPRNG (OpenSSL); thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace surveyor::service::credentials {

// The kinds of credential and their visible prefixes.
inline constexpr std::string_view kEnrollSecret = "sse_";
inline constexpr std::string_view kNodeKey = "snk_";
inline constexpr std::string_view kTenantToken = "sat_";
inline constexpr std::string_view kAdminToken = "sat_admin_";

struct Minted {
  std::string secret;  // Shown once to whoever asked.
  std::string hash;    // What is stored.
};

// A new random credential with `prefix` and its stored hash.
Minted Mint(std::string_view prefix);

// The hash under which `presented` would be stored (the lookup key).
std::string Hash(std::string_view presented);

// Whether `stored_hash` (found by looking up Hash(presented)) really is the
// hash of `presented`, compared in constant time.
bool Matches(std::string_view stored_hash, std::string_view presented);

// A new agent id ("ag_" + 24 random characters).
std::string NewAgentId();

}  // namespace surveyor::service::credentials
