#include "service/app/accounts.h"

#include "service/domain/credentials.h"

namespace surveyor::service {

using common::Error;
using common::ErrorCode;
using common::Fail;

std::expected<Tenant, Error> Accounts::RequireTenant(const std::string& name) {
  SURVEYOR_ASSIGN_OR_RETURN(auto tenant, store_.TenantByName(name));
  if (!tenant) return Fail(ErrorCode::kNotFound, "no tenant '" + name + "'");
  return *tenant;
}

std::expected<std::string, Error> Accounts::AddTenant(const std::string& name,
                                                      std::int64_t now) {
  if (name.empty() || name.size() > 128) {
    return Fail(ErrorCode::kInvalidArgument,
                "tenant name must be 1 to 128 characters");
  }
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f || c == '/' || c == '?' || c == '#') {
      return Fail(ErrorCode::kInvalidArgument,
                  "tenant name may not contain control characters, '/', '?' "
                  "or '#'");
    }
  }
  auto secret = credentials::Mint(credentials::kEnrollSecret);
  SURVEYOR_TRY(store_.InTransaction([&]() -> std::expected<void, Error> {
    SURVEYOR_ASSIGN_OR_RETURN(std::int64_t id, store_.InsertTenant(name, now));
    return store_.ReplaceEnrollSecret(id, secret.hash, now);
  }));
  return secret.secret;
}

std::expected<std::string, Error> Accounts::RotateSecret(
    const std::string& tenant, std::int64_t now) {
  SURVEYOR_ASSIGN_OR_RETURN(Tenant t, RequireTenant(tenant));
  auto secret = credentials::Mint(credentials::kEnrollSecret);
  SURVEYOR_TRY(store_.ReplaceEnrollSecret(t.id, secret.hash, now));
  return secret.secret;
}

std::expected<std::string, Error> Accounts::AddToken(const std::string& tenant,
                                                     std::int64_t now) {
  std::optional<std::int64_t> tenant_id;
  if (!tenant.empty()) {
    SURVEYOR_ASSIGN_OR_RETURN(Tenant t, RequireTenant(tenant));
    tenant_id = t.id;
  }
  auto token = credentials::Mint(tenant.empty() ? credentials::kAdminToken
                                                : credentials::kTenantToken);
  SURVEYOR_TRY(store_.InsertToken(tenant_id, token.hash, now));
  return token.secret;
}

std::expected<v1::EnrollResponse, Error> Accounts::Enroll(
    const v1::EnrollRequest& request, std::int64_t now) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto secret,
      store_.EnrollSecretByHash(credentials::Hash(request.enroll_secret())));
  if (!secret || !secret->tenant_id ||
      !credentials::Matches(secret->hash, request.enroll_secret())) {
    return Fail(ErrorCode::kPermissionDenied, "unknown enrollment secret");
  }
  const std::int64_t tenant_id = *secret->tenant_id;
  const auto& identity = request.host();
  if (identity.machine_id().empty()) {
    return Fail(ErrorCode::kInvalidArgument, "enrollment without machine_id");
  }
  auto key = credentials::Mint(credentials::kNodeKey);
  v1::EnrollResponse response;
  response.set_node_key(key.secret);
  SURVEYOR_TRY(store_.InTransaction([&]() -> std::expected<void, Error> {
    // Two enrollments of one machine (at two servers) do not both insert.
    SURVEYOR_TRY(store_.LockUntilCommit(LockScope::kTenant, tenant_id));
    SURVEYOR_ASSIGN_OR_RETURN(
        auto existing,
        store_.HostByMachineId(tenant_id, identity.machine_id()));
    if (existing) {
      // Re-enrollment: same host record and history, new key.
      response.set_agent_id(existing->agent_id);
      return store_.SetNodeKey(existing->id, key.hash, identity.hostname());
    }
    response.set_agent_id(credentials::NewAgentId());
    auto id =
        store_.InsertHost(tenant_id, response.agent_id(), identity.machine_id(),
                          identity.hostname(), key.hash, now);
    if (!id) return std::unexpected(id.error());
    return {};
  }));
  return response;
}

std::expected<Host, Error> Accounts::AuthenticateNode(
    const std::string& node_key) {
  SURVEYOR_ASSIGN_OR_RETURN(auto row,
                            store_.HostByKeyHash(credentials::Hash(node_key)));
  if (!row || !credentials::Matches(row->key_hash, node_key)) {
    return Fail(ErrorCode::kPermissionDenied, "unknown node key");
  }
  return row->host;
}

std::expected<Principal, Error> Accounts::AuthenticateToken(
    const std::string& token) {
  SURVEYOR_ASSIGN_OR_RETURN(auto row,
                            store_.TokenByHash(credentials::Hash(token)));
  if (!row || !credentials::Matches(row->hash, token)) {
    return Fail(ErrorCode::kPermissionDenied, "unknown API token");
  }
  return Principal{row->tenant_id};
}

}  // namespace surveyor::service
