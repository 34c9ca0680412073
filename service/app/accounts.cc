#include "service/app/accounts.h"

#include "common/identity_key.h"
#include "common/logging.h"
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

namespace {

// A lowercase slug: it is a URL path segment, a log field and a file name
// in reports, and two names differing only in case or spaces would be two
// clients nobody can tell apart.
std::expected<void, Error> CheckTenantName(const std::string& name) {
  bool slug = !name.empty() && name.size() <= 63 && name.front() != '-' &&
              name.back() != '-';
  for (unsigned char c : name) {
    slug =
        slug && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  }
  if (!slug) {
    return Fail(ErrorCode::kInvalidArgument,
                "tenant name '" + common::Printable(name) +
                    "' is not a lowercase slug: 1 to 63 of a-z, 0-9 and '-', "
                    "not starting or ending with '-' (e.g. acme-dental)");
  }
  return {};
}

}  // namespace

std::expected<std::string, Error> Accounts::AddTenant(const std::string& name,
                                                      std::int64_t now) {
  SURVEYOR_TRY(CheckTenantName(name));
  auto secret = credentials::Mint(credentials::kEnrollSecret);
  SURVEYOR_TRY(store_.InTransaction([&]() -> std::expected<void, Error> {
    SURVEYOR_ASSIGN_OR_RETURN(std::int64_t id, store_.InsertTenant(name, now));
    return store_.ReplaceEnrollSecret(id, secret.hash, now);
  }));
  return secret.secret;
}

std::expected<void, Error> Accounts::RenameTenant(const std::string& from,
                                                  const std::string& to) {
  SURVEYOR_TRY(CheckTenantName(to));
  return store_.InTransaction([&]() -> std::expected<void, Error> {
    SURVEYOR_ASSIGN_OR_RETURN(Tenant t, RequireTenant(from));
    return store_.RenameTenant(t.id, to);
  });
}

std::expected<void, Error> Accounts::DeleteTenant(const std::string& name) {
  return store_.InTransaction([&]() -> std::expected<void, Error> {
    SURVEYOR_ASSIGN_OR_RETURN(Tenant t, RequireTenant(name));
    // Findings and enrollments of the tenant hold this lock: none is
    // half-way through while its rows go. A snapshot being stored holds its
    // host's row instead, which the store deletes first (and a snapshot of
    // a host already gone fails at TouchHost).
    SURVEYOR_TRY(store_.LockUntilCommit(LockScope::kTenant, t.id));
    return store_.DeleteTenant(t.id);
  });
}

std::expected<std::string, Error> Accounts::RotateSecret(
    const std::string& tenant, std::int64_t now) {
  SURVEYOR_ASSIGN_OR_RETURN(Tenant t, RequireTenant(tenant));
  auto secret = credentials::Mint(credentials::kEnrollSecret);
  SURVEYOR_TRY(store_.ReplaceEnrollSecret(t.id, secret.hash, now));
  return secret.secret;
}

std::expected<std::string, Error> Accounts::AddToken(const std::string& tenant,
                                                     std::int64_t now,
                                                     std::int64_t expires_at,
                                                     const std::string& label) {
  if (label.size() > 128) {
    return Fail(ErrorCode::kInvalidArgument, "token label over 128 bytes");
  }
  std::optional<std::int64_t> tenant_id;
  if (!tenant.empty()) {
    SURVEYOR_ASSIGN_OR_RETURN(Tenant t, RequireTenant(tenant));
    tenant_id = t.id;
  }
  auto token = credentials::Mint(tenant.empty() ? credentials::kAdminToken
                                                : credentials::kTenantToken);
  SURVEYOR_TRY(
      store_.InsertToken(tenant_id, token.hash, now, expires_at, label));
  return token.secret;
}

std::expected<Enrolled, Error> Accounts::Enroll(
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
  const std::string& public_key = request.agent_public_key();
  if (public_key.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "enrollment without agent_public_key: this agent is too old "
                "for this server; upgrade it");
  }
  if (!common::VerifyIdentitySignature(
          public_key,
          common::EnrollProofMessage(identity.machine_id(), public_key,
                                     request.proof_time_ms()),
          request.proof())) {
    return Fail(ErrorCode::kPermissionDenied,
                "enrollment proof does not verify against agent_public_key");
  }
  auto key = credentials::Mint(credentials::kNodeKey);
  Enrolled out;
  out.response.set_node_key(key.secret);
  std::int64_t host_id = 0;
  SURVEYOR_TRY(store_.InTransaction([&]() -> std::expected<void, Error> {
    // Two enrollments of one machine (at two servers) do not both insert.
    SURVEYOR_TRY(store_.LockUntilCommit(LockScope::kTenant, tenant_id));
    SURVEYOR_ASSIGN_OR_RETURN(bool rejected,
                              store_.KeyRejected(tenant_id, public_key));
    if (rejected) {
      return Fail(ErrorCode::kPermissionDenied,
                  "this agent's identity key was rejected by an "
                  "administrator");
    }
    SURVEYOR_ASSIGN_OR_RETURN(auto mine,
                              store_.HostByPublicKey(tenant_id, public_key));
    if (mine) {
      if (request.proof_time_ms() <= mine->proof_ms) {
        return Fail(ErrorCode::kPermissionDenied,
                    "enrollment proof is not newer than agent " +
                        mine->agent_id + "'s last one (a replay)");
      }
      // Re-enrollment: same host record and history, new node key.
      out.kind = Enrolled::Kind::kReenrolled;
      host_id = mine->id;
      out.response.set_agent_id(mine->agent_id);
      out.response.set_next_sequence(mine->last_sequence + 1);
      if (mine->retired_at > 0) SURVEYOR_TRY(store_.SetRetired(mine->id, 0));
      return store_.SetNodeKey(mine->id, key.hash, identity.hostname(),
                               public_key, request.proof_time_ms());
    }
    SURVEYOR_ASSIGN_OR_RETURN(
        auto same_machine,
        store_.HostsByMachineId(tenant_id, identity.machine_id()));
    Host host;
    host.tenant_id = tenant_id;
    host.agent_id = credentials::NewAgentId();
    host.machine_id = identity.machine_id();
    host.hostname = identity.hostname();
    host.public_key = public_key;
    host.proof_ms = request.proof_time_ms();
    for (const Host& other : same_machine) {
      if (other.retired_at == 0) {
        host.conflicts_with = other.agent_id;  // The oldest in service.
        break;
      }
    }
    out.kind = host.conflicts_with.empty() ? Enrolled::Kind::kNew
                                           : Enrolled::Kind::kConflict;
    out.response.set_agent_id(host.agent_id);
    out.response.set_next_sequence(1);
    SURVEYOR_ASSIGN_OR_RETURN(host_id, store_.InsertHost(host, key.hash, now));
    return {};
  }));
  SURVEYOR_ASSIGN_OR_RETURN(auto stored, store_.HostById(host_id));
  if (!stored) return Fail(ErrorCode::kInternal, "enrolled host vanished");
  out.host = std::move(*stored);
  return out;
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
    const std::string& token, std::int64_t now) {
  SURVEYOR_ASSIGN_OR_RETURN(auto row,
                            store_.TokenByHash(credentials::Hash(token)));
  if (!row || !credentials::Matches(row->hash, token)) {
    return Fail(ErrorCode::kPermissionDenied, "unknown API token");
  }
  if (row->expires_at > 0 && now >= row->expires_at) {
    return Fail(ErrorCode::kPermissionDenied, "expired API token");
  }
  return Principal{row->tenant_id};
}

}  // namespace surveyor::service
