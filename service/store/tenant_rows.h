// Storage of tenants, their enrollment secrets' hashes and API tokens'
// hashes. Storage only: minting and comparing credentials is
// service/domain/credentials.h, the use cases are service/app/accounts.h.
//
// Transactions: each call is atomic on its own; inside Store::InTransaction
// it joins that transaction.
// Errors: kAlreadyExists for a duplicate tenant name; kInternal (or kIo) for
// a storage failure. Absent rows are empty optionals, not errors.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "service/store/rows.h"

namespace surveyor::service {

class TenantRows {
 public:
  virtual ~TenantRows() = default;

  // Returns the new tenant's id.
  virtual std::expected<std::int64_t, common::Error> InsertTenant(
      const std::string& name, std::int64_t now) = 0;
  // Every tenant with its host count, by name.
  virtual std::expected<std::vector<Tenant>, common::Error> Tenants() = 0;
  virtual std::expected<std::optional<Tenant>, common::Error> TenantByName(
      const std::string& name) = 0;
  // Replaces every enrollment secret of the tenant with this one.
  virtual std::expected<void, common::Error> ReplaceEnrollSecret(
      std::int64_t tenant_id, const std::string& hash, std::int64_t now) = 0;
  virtual std::expected<std::optional<CredentialRow>, common::Error>
  EnrollSecretByHash(const std::string& hash) = 0;
  // A token for one tenant, or an admin token when tenant_id is empty;
  // `expires_at` 0 never expires. Returns its id.
  virtual std::expected<std::int64_t, common::Error> InsertToken(
      std::optional<std::int64_t> tenant_id, const std::string& hash,
      std::int64_t now, std::int64_t expires_at, const std::string& label) = 0;
  // With its expiry (the caller compares it with the clock).
  virtual std::expected<std::optional<CredentialRow>, common::Error>
  TokenByHash(const std::string& hash) = 0;
  // Every token, oldest first.
  virtual std::expected<std::vector<TokenRow>, common::Error> Tokens() = 0;
  // Revokes a token; false when there is none with that id.
  virtual std::expected<bool, common::Error> DeleteToken(std::int64_t id) = 0;
  // kAlreadyExists when another tenant has the name.
  virtual std::expected<void, common::Error> RenameTenant(
      std::int64_t tenant_id, const std::string& name) = 0;
  // The tenant and everything of it: hosts with their history, findings,
  // products, policy, tokens, enrollment secrets, rejected keys
  // (tenant_delete_sql.h). Atomic.
  virtual std::expected<void, common::Error> DeleteTenant(
      std::int64_t tenant_id) = 0;
};

}  // namespace surveyor::service
