// Account use cases: tenants, enrollment secrets, API tokens, enrollment of
// agents and authentication of node keys and tokens. Combines the storage
// rows (service/store/) with credential minting and constant-time checks
// (service/domain/credentials.h). Called by the HTTP API and the admin CLI.
//
// Errors: kInvalidArgument for unusable input (bad tenant name, enrollment
// without machine id), kAlreadyExists, kNotFound for an unknown tenant,
// kPermissionDenied for an unknown credential, storage errors as they come.
//
// Thread-safety: as the Store it uses (one thread at a time).
#pragma once

#include <cstdint>
#include <expected>
#include <string>

#include "common/error.h"
#include "service/store/store.h"
#include "surveyor/v1/service.pb.h"

namespace surveyor::service {

// What an enrollment did, for the caller's log line.
struct Enrolled {
  enum class Kind { kNew, kReenrolled, kConflict };
  Kind kind = Kind::kNew;
  v1::EnrollResponse response;
  Host host;  // As stored now.
};

class Accounts {
 public:
  explicit Accounts(Store& store) : store_(store) {}

  // Creates a tenant; returns its enrollment secret (shown once).
  std::expected<std::string, common::Error> AddTenant(const std::string& name,
                                                      std::int64_t now);
  // Renames a tenant (a lowercase slug; kAlreadyExists when taken). Tokens,
  // hosts and history stay with it; API paths use the new name.
  std::expected<void, common::Error> RenameTenant(const std::string& from,
                                                  const std::string& to);
  // Deletes a tenant and everything of it (TenantRows::DeleteTenant): its
  // agents' node keys, secret and tokens stop working at once.
  std::expected<void, common::Error> DeleteTenant(const std::string& name);
  // Replaces the tenant's enrollment secret; enrolled hosts are unaffected.
  std::expected<std::string, common::Error> RotateSecret(
      const std::string& tenant, std::int64_t now);
  // A read-only API token for one tenant, or (empty tenant) an admin token.
  // `expires_at` 0 never expires; `label` says what it is for in
  // `token list`.
  std::expected<std::string, common::Error> AddToken(
      const std::string& tenant, std::int64_t now, std::int64_t expires_at = 0,
      const std::string& label = "");

  // Enrolls a host; a new node key each time. The request must prove its
  // identity key (common/identity_key.h). The same key re-enrolls its host
  // (same record and history; a retired host back in service); a new key
  // gets a new host, and when the tenant already has a host in service
  // with that machine id the new one is marked as conflicting with it (a
  // duplicate-identity finding) and the existing host is left untouched.
  // kPermissionDenied for a bad secret, a proof that does not verify, a
  // replayed proof or a key an admin rejected.
  std::expected<Enrolled, common::Error> Enroll(
      const v1::EnrollRequest& request, std::int64_t now);
  std::expected<Host, common::Error> AuthenticateNode(
      const std::string& node_key);
  // kPermissionDenied for an unknown, revoked or expired (at `now`) token.
  std::expected<Principal, common::Error> AuthenticateToken(
      const std::string& token, std::int64_t now);

 private:
  std::expected<Tenant, common::Error> RequireTenant(const std::string& name);
  Store& store_;
};

}  // namespace surveyor::service
