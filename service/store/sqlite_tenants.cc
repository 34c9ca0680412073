// SqliteStore: tenants, enrollment secrets and API tokens (tenant_rows.h).
#include "service/store/sqlite_store.h"
#include "service/store/tenant_delete_sql.h"

namespace surveyor::service {

using common::Blob;
using common::Error;
using common::Statement;

std::expected<std::int64_t, Error> SqliteStore::InsertTenant(
    const std::string& name, std::int64_t now) {
  auto existing = TenantByName(name);
  if (!existing) return std::unexpected(existing.error());
  if (*existing) {
    return common::Fail(common::ErrorCode::kAlreadyExists,
                        "tenant '" + name + "' already exists");
  }
  SURVEYOR_TRY(q_.Exec("INSERT INTO tenants (name, created_at) VALUES (?, ?)",
                       name, now));
  return sqlite3_last_insert_rowid(db_->handle());
}

std::expected<std::vector<Tenant>, Error> SqliteStore::Tenants() {
  return q_.List<Tenant>(
      "SELECT t.id, t.name, t.created_at, "
      "(SELECT COUNT(*) FROM hosts h WHERE h.tenant_id = t.id) "
      "FROM tenants t ORDER BY t.name",
      [](const Statement& s) {
        return Tenant{s.ColumnInt(0), std::string(s.ColumnText(1)),
                      s.ColumnInt(2), s.ColumnInt(3)};
      });
}

std::expected<std::optional<Tenant>, Error> SqliteStore::TenantByName(
    const std::string& name) {
  return q_.First<Tenant>(
      "SELECT id, name, created_at FROM tenants WHERE name = ?",
      [](const Statement& s) {
        return Tenant{s.ColumnInt(0), std::string(s.ColumnText(1)),
                      s.ColumnInt(2), 0};
      },
      name);
}

std::expected<void, Error> SqliteStore::ReplaceEnrollSecret(
    std::int64_t tenant_id, const std::string& hash, std::int64_t now) {
  return InTransaction([&]() -> std::expected<void, Error> {
    SURVEYOR_TRY(
        q_.Exec("DELETE FROM enroll_secrets WHERE tenant_id = ?", tenant_id));
    return q_.Exec(
        "INSERT INTO enroll_secrets (tenant_id, secret_hash, created_at) "
        "VALUES (?, ?, ?)",
        tenant_id, Blob{hash}, now);
  });
}

namespace {
CredentialRow ReadCredential(const Statement& s) {
  CredentialRow row;
  if (!s.ColumnIsNull(0)) row.tenant_id = s.ColumnInt(0);
  row.hash = std::string(s.ColumnBlob(1));
  return row;
}
}  // namespace

std::expected<std::optional<CredentialRow>, Error>
SqliteStore::EnrollSecretByHash(const std::string& hash) {
  return q_.First<CredentialRow>(
      "SELECT tenant_id, secret_hash FROM enroll_secrets WHERE secret_hash = ?",
      ReadCredential, Blob{hash});
}

std::expected<std::int64_t, Error> SqliteStore::InsertToken(
    std::optional<std::int64_t> tenant_id, const std::string& hash,
    std::int64_t now, std::int64_t expires_at, const std::string& label) {
  SURVEYOR_TRY(q_.Exec(
      "INSERT INTO tokens (tenant_id, token_hash, created_at, expires_at, "
      "label) VALUES (?, ?, ?, ?, ?)",
      tenant_id, Blob{hash}, now,
      expires_at > 0 ? std::optional<std::int64_t>(expires_at) : std::nullopt,
      label));
  return sqlite3_last_insert_rowid(db_->handle());
}

std::expected<std::optional<CredentialRow>, Error> SqliteStore::TokenByHash(
    const std::string& hash) {
  return q_.First<CredentialRow>(
      "SELECT tenant_id, token_hash, expires_at FROM tokens WHERE token_hash "
      "= ?",
      [](const Statement& s) {
        CredentialRow row = ReadCredential(s);
        row.expires_at = s.ColumnInt(2);
        return row;
      },
      Blob{hash});
}

std::expected<std::vector<TokenRow>, Error> SqliteStore::Tokens() {
  return q_.List<TokenRow>(
      "SELECT k.id, COALESCE(t.name, ''), k.created_at, k.expires_at, "
      "k.label FROM tokens k LEFT JOIN tenants t ON t.id = k.tenant_id "
      "ORDER BY k.id",
      [](const Statement& s) {
        return TokenRow{s.ColumnInt(0), std::string(s.ColumnText(1)),
                        s.ColumnInt(2), s.ColumnInt(3),
                        std::string(s.ColumnText(4))};
      });
}

std::expected<bool, Error> SqliteStore::DeleteToken(std::int64_t id) {
  SURVEYOR_TRY(q_.Exec("DELETE FROM tokens WHERE id = ?", id));
  return sqlite3_changes(db_->handle()) > 0;
}

std::expected<void, Error> SqliteStore::RenameTenant(std::int64_t tenant_id,
                                                     const std::string& name) {
  return InTransaction([&]() -> std::expected<void, Error> {
    SURVEYOR_ASSIGN_OR_RETURN(auto existing, TenantByName(name));
    if (existing && existing->id != tenant_id) {
      return common::Fail(common::ErrorCode::kAlreadyExists,
                          "tenant '" + name + "' already exists");
    }
    return q_.Exec("UPDATE tenants SET name = ? WHERE id = ?", name, tenant_id);
  });
}

std::expected<void, Error> SqliteStore::DeleteTenant(std::int64_t tenant_id) {
  return InTransaction([&]() -> std::expected<void, Error> {
    for (const char* sql : kDeleteTenantSql) {
      SURVEYOR_TRY(q_.Exec(sql, tenant_id));
    }
    return {};
  });
}

}  // namespace surveyor::service
