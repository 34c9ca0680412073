// Storage behind the findings engine: each host's catalogued products and
// the tenant-wide count of hosts per product, findings rows, tenant policies
// and small server-wide values. Storage only: matching, rules and the
// finding lifecycle (open, keep identity, resolve, reopen) live in
// service/findings/ and service/domain/finding_lifecycle.h.
//
// Transactions: each call is atomic on its own; inside Store::InTransaction
// it joins that transaction.
// Errors: kInternal for a storage failure or a stored row that no longer
// parses. Absent rows are empty optionals or empty lists, not errors.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "service/store/rows.h"
#include "surveyor/v1/findings.pb.h"
#include "surveyor/v1/saas_contracts.pb.h"

namespace surveyor::service {

class FindingRows {
 public:
  virtual ~FindingRows() = default;

  // --- Products ------------------------------------------------------------
  // Product ids present on a host.
  virtual std::expected<std::set<std::string>, common::Error> HostProductIds(
      std::int64_t host_id) = 0;
  virtual std::expected<std::vector<HostProduct>, common::Error> HostProducts(
      std::int64_t host_id) = 0;
  // Drops the host's product rows whose package is one of `keys`, or all of
  // them when `keys` is empty and `all` is set.
  virtual std::expected<void, common::Error> DeleteHostProducts(
      std::int64_t host_id, const std::vector<SoftwareKey>& keys, bool all) = 0;
  virtual std::expected<void, common::Error> InsertHostProducts(
      std::int64_t tenant_id, std::int64_t host_id,
      const std::vector<HostProduct>& products) = 0;
  // Adds each delta to the tenant's host count of its product (creating
  // it). Each product at most once.
  virtual std::expected<void, common::Error> AddTenantProductHosts(
      std::int64_t tenant_id, const std::vector<ProductHostsDelta>& deltas) = 0;
  // Products with at least one host, by category then product.
  virtual std::expected<std::vector<TenantProduct>, common::Error>
  TenantProducts(std::int64_t tenant_id) = 0;
  // Up to `limit` hosts having `product`, with the package seen.
  virtual std::expected<std::vector<HostProduct>, common::Error> ProductHosts(
      std::int64_t tenant_id, const std::string& product, int limit) = 0;
  virtual std::expected<std::vector<UncataloguedRow>, common::Error>
  Uncatalogued(std::int64_t tenant_id) = 0;

  // --- Findings ------------------------------------------------------------
  virtual std::expected<std::vector<FindingRow>, common::Error> ScopeFindings(
      std::int64_t tenant_id, const std::string& scope) = 0;
  // `detail` is the finding without its lifecycle times.
  virtual std::expected<void, common::Error> InsertFinding(
      std::int64_t tenant_id, const std::string& scope,
      const v1::Finding& detail, std::int64_t now) = 0;
  // New detail and last_seen; `reopen` also clears resolved_at and counts
  // the reopening.
  virtual std::expected<void, common::Error> UpdateFinding(
      std::int64_t id, const std::string& scope, const v1::Finding& detail,
      std::int64_t now, bool reopen) = 0;
  virtual std::expected<void, common::Error> ResolveFinding(
      std::int64_t id, std::int64_t now) = 0;
  // With first_seen, last_seen, resolved_at and reopened filled in.
  virtual std::expected<std::vector<v1::Finding>, common::Error> ListFindings(
      std::int64_t tenant_id, bool open_only) = 0;

  // --- Policies and server-wide values --------------------------------------
  virtual std::expected<std::optional<v1::TenantPolicy>, common::Error> Policy(
      std::int64_t tenant_id) = 0;
  virtual std::expected<void, common::Error> SetPolicy(
      std::int64_t tenant_id, const v1::TenantPolicy& policy,
      std::int64_t now) = 0;
  // A tenant's SaaS contract terms (nullopt when none were set).
  virtual std::expected<std::optional<v1::SaasContracts>, common::Error>
  Contracts(std::int64_t tenant_id) = 0;
  virtual std::expected<void, common::Error> SetContracts(
      std::int64_t tenant_id, const v1::SaasContracts& contracts,
      std::int64_t now) = 0;
  // Sets the seat counts of `rows` for their day (replacing that day's).
  virtual std::expected<void, common::Error> RecordSaasDays(
      std::int64_t tenant_id, const std::vector<SaasDayRow>& rows) = 0;
  // Seat counts of days from `since` to `until` (seconds, inclusive), by
  // vendor, sku_id, day.
  virtual std::expected<std::vector<SaasDayRow>, common::Error> SaasDays(
      std::int64_t tenant_id, std::int64_t since, std::int64_t until) = 0;
  // Empty when unset.
  virtual std::expected<std::string, common::Error> Meta(
      const std::string& key) = 0;
  virtual std::expected<void, common::Error> SetMeta(
      const std::string& key, const std::string& value) = 0;
};

}  // namespace surveyor::service
