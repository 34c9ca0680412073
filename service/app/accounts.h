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

class Accounts {
 public:
  explicit Accounts(Store& store) : store_(store) {}

  // Creates a tenant; returns its enrollment secret (shown once).
  std::expected<std::string, common::Error> AddTenant(const std::string& name,
                                                      std::int64_t now);
  // Replaces the tenant's enrollment secret; enrolled hosts are unaffected.
  std::expected<std::string, common::Error> RotateSecret(
      const std::string& tenant, std::int64_t now);
  // A read-only API token for one tenant, or (empty tenant) an admin token.
  std::expected<std::string, common::Error> AddToken(const std::string& tenant,
                                                     std::int64_t now);

  // Enrolls (or re-enrolls, same record and history) a host; a new node key
  // each time.
  std::expected<v1::EnrollResponse, common::Error> Enroll(
      const v1::EnrollRequest& request, std::int64_t now);
  std::expected<Host, common::Error> AuthenticateNode(
      const std::string& node_key);
  std::expected<Principal, common::Error> AuthenticateToken(
      const std::string& token);

 private:
  std::expected<Tenant, common::Error> RequireTenant(const std::string& name);
  Store& store_;
};

}  // namespace surveyor::service
