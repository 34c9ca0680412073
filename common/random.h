// Secrets: random tokens from the platform's CSPRNG (OpenSSL's on Linux,
// random_openssl.cc; CNG's on Windows, random_cng.cc), their stored hashes,
// and constant-time comparison. Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace surveyor::common {

// Fills `size` bytes at `out` from the CSPRNG. Aborts if it fails (a broken
// invariant).
void FillRandom(char* out, std::size_t size);

// "<prefix>" followed by 32 random bytes in unpadded base64url
// (e.g. "snk_3q2-..."). Aborts if the CSPRNG fails (a broken invariant).
std::string NewSecret(std::string_view prefix);

// What the store keeps instead of a secret: its SHA-256 (raw bytes).
std::string SecretHash(std::string_view secret);

// Equality that takes the same time wherever the inputs differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Unpadded base64url of arbitrary bytes (RFC 4648 §5).
std::string Base64Url(std::string_view bytes);

// Standard, padded base64 (RFC 4648 §4), e.g. for HTTP Basic credentials.
std::string Base64(std::string_view bytes);

}  // namespace surveyor::common
