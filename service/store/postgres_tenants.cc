// PostgresStore: tenants, enrollment secrets and API tokens (tenant_rows.h).
#include "service/store/postgres_store.h"
#include "service/store/tenant_delete_sql.h"

namespace surveyor::service {

using common::Blob;
using common::Error;
using common::PgResult;

namespace {
Tenant ReadTenant(const PgResult& r, int i) {
  return Tenant{r.Int(i, 0), std::string(r.Bytes(i, 1)), r.Int(i, 2),
                r.Int(i, 3)};
}
CredentialRow ReadCredential(const PgResult& r, int i) {
  CredentialRow row;
  if (!r.IsNull(i, 0)) row.tenant_id = r.Int(i, 0);
  row.hash = std::string(r.Bytes(i, 1));
  return row;
}
}  // namespace

std::expected<std::int64_t, Error> PostgresStore::InsertTenant(
    const std::string& name, std::int64_t now) {
  auto r =
      Q("INSERT INTO tenants (name, created_at) VALUES ($1, $2) "
        "RETURNING id",
        name, now);
  if (!r && r.error().code == common::ErrorCode::kAlreadyExists) {
    return common::Fail(common::ErrorCode::kAlreadyExists,
                        "tenant '" + name + "' already exists");
  }
  if (!r) return std::unexpected(r.error());
  return r->Int(0, 0);
}

std::expected<std::vector<Tenant>, Error> PostgresStore::Tenants() {
  return List<Tenant>(
      "SELECT t.id, t.name, t.created_at, "
      "(SELECT COUNT(*) FROM hosts h WHERE h.tenant_id = t.id) "
      "FROM tenants t ORDER BY t.name",
      ReadTenant);
}

std::expected<std::optional<Tenant>, Error> PostgresStore::TenantByName(
    const std::string& name) {
  return First<Tenant>(
      "SELECT id, name, created_at, 0::bigint FROM tenants WHERE name = $1",
      ReadTenant, name);
}

std::expected<void, Error> PostgresStore::ReplaceEnrollSecret(
    std::int64_t tenant_id, const std::string& hash, std::int64_t now) {
  return InTransaction([&]() -> std::expected<void, Error> {
    SURVEYOR_TRY(
        Q("DELETE FROM enroll_secrets WHERE tenant_id = $1", tenant_id));
    SURVEYOR_TRY(
        Q("INSERT INTO enroll_secrets (tenant_id, secret_hash, created_at) "
          "VALUES ($1, $2, $3)",
          tenant_id, Blob{hash}, now));
    return {};
  });
}

std::expected<std::optional<CredentialRow>, Error>
PostgresStore::EnrollSecretByHash(const std::string& hash) {
  return First<CredentialRow>(
      "SELECT tenant_id, secret_hash FROM enroll_secrets "
      "WHERE secret_hash = $1",
      ReadCredential, Blob{hash});
}

std::expected<std::int64_t, Error> PostgresStore::InsertToken(
    std::optional<std::int64_t> tenant_id, const std::string& hash,
    std::int64_t now, std::int64_t expires_at, const std::string& label) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto r,
      Q("INSERT INTO tokens (tenant_id, token_hash, created_at, expires_at, "
        "label) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        tenant_id, Blob{hash}, now,
        expires_at > 0 ? std::optional<std::int64_t>(expires_at) : std::nullopt,
        label));
  return r.Int(0, 0);
}

std::expected<std::optional<CredentialRow>, Error> PostgresStore::TokenByHash(
    const std::string& hash) {
  return First<CredentialRow>(
      "SELECT tenant_id, token_hash, expires_at FROM tokens WHERE token_hash "
      "= $1",
      [](const PgResult& r, int i) {
        CredentialRow row = ReadCredential(r, i);
        row.expires_at = r.Int(i, 2);
        return row;
      },
      Blob{hash});
}

std::expected<std::vector<TokenRow>, Error> PostgresStore::Tokens() {
  return List<TokenRow>(
      "SELECT k.id, COALESCE(t.name, ''), k.created_at, k.expires_at, "
      "k.label FROM tokens k LEFT JOIN tenants t ON t.id = k.tenant_id "
      "ORDER BY k.id",
      [](const PgResult& r, int i) {
        return TokenRow{r.Int(i, 0), std::string(r.Bytes(i, 1)), r.Int(i, 2),
                        r.Int(i, 3), std::string(r.Bytes(i, 4))};
      });
}

std::expected<bool, Error> PostgresStore::DeleteToken(std::int64_t id) {
  SURVEYOR_ASSIGN_OR_RETURN(auto r, Q("DELETE FROM tokens WHERE id = $1", id));
  return r.affected() > 0;
}

std::expected<void, Error> PostgresStore::RenameTenant(
    std::int64_t tenant_id, const std::string& name) {
  auto r = Q("UPDATE tenants SET name = $1 WHERE id = $2", name, tenant_id);
  if (!r && r.error().code == common::ErrorCode::kAlreadyExists) {
    return common::Fail(common::ErrorCode::kAlreadyExists,
                        "tenant '" + name + "' already exists");
  }
  if (!r) return std::unexpected(r.error());
  return {};
}

std::expected<void, Error> PostgresStore::DeleteTenant(std::int64_t tenant_id) {
  return InTransaction([&]() -> std::expected<void, Error> {
    // As DeleteHost: the hosts' rows first, so no ingest in flight leaves
    // rows of a deleted host behind.
    SURVEYOR_TRY(
        Q("SELECT id FROM hosts WHERE tenant_id = $1 FOR UPDATE", tenant_id));
    for (const char* sql : kDeleteTenantSql) {
      SURVEYOR_TRY(Q(sql, tenant_id));
    }
    return {};
  });
}

}  // namespace surveyor::service
