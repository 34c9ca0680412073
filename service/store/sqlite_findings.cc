// SqliteStore: products, findings, policies and server-wide values
// (finding_rows.h).
#include "common/snapshot_delta.h"
#include "service/store/sqlite_store.h"
#include "service/store/stored_proto.h"

namespace surveyor::service {

using common::Blob;
using common::Error;
using common::ErrorCode;
using common::Statement;

namespace {

HostProduct ReadHostProduct(const Statement& s) {
  HostProduct p;
  p.host_id = s.ColumnInt(0);
  p.agent_id = std::string(s.ColumnText(1));
  p.hostname = std::string(s.ColumnText(2));
  p.product = std::string(s.ColumnText(3));
  p.category = std::string(s.ColumnText(4));
  p.realtime_engine = s.ColumnInt(5) != 0;
  p.source = s.ColumnInt(6);
  p.package = std::string(s.ColumnText(7));
  p.version = std::string(s.ColumnText(8));
  p.package_state = std::string(s.ColumnText(9));
  return p;
}

#define SURVEYOR_HOST_PRODUCT_SELECT                                     \
  "SELECT hp.host_id, h.agent_id, h.hostname, hp.product, hp.category, " \
  "hp.realtime, hp.source, hp.package, hp.version, hp.package_state "    \
  "FROM host_products hp JOIN hosts h ON h.id = hp.host_id "

}  // namespace

std::expected<std::set<std::string>, Error> SqliteStore::HostProductIds(
    std::int64_t host_id) {
  std::set<std::string> out;
  SURVEYOR_TRY(q_.ForEach(
      "SELECT DISTINCT product FROM host_products WHERE host_id = ?",
      [&](const Statement& s) { out.emplace(s.ColumnText(0)); }, host_id));
  return out;
}

std::expected<std::vector<HostProduct>, Error> SqliteStore::HostProducts(
    std::int64_t host_id) {
  return q_.List<HostProduct>(SURVEYOR_HOST_PRODUCT_SELECT
                              "WHERE hp.host_id = ? "
                              "ORDER BY hp.product, hp.package",
                              ReadHostProduct, host_id);
}

std::expected<void, Error> SqliteStore::DeleteHostProducts(
    std::int64_t host_id, const std::vector<SoftwareKey>& keys, bool all) {
  if (all) {
    return q_.Exec("DELETE FROM host_products WHERE host_id = ?", host_id);
  }
  for (const SoftwareKey& k : keys) {
    SURVEYOR_TRY(
        q_.Exec("DELETE FROM host_products WHERE host_id = ? AND source = ? "
                "AND package = ? AND version = ?",
                host_id, k.source, k.name, k.version));
  }
  return {};
}

std::expected<void, Error> SqliteStore::InsertHostProducts(
    std::int64_t tenant_id, std::int64_t host_id,
    const std::vector<HostProduct>& products) {
  for (const HostProduct& p : products) {
    SURVEYOR_TRY(q_.Exec(
        "INSERT INTO host_products (tenant_id, host_id, product, category, "
        "realtime, source, package, version, package_state) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        tenant_id, host_id, p.product, p.category, p.realtime_engine, p.source,
        p.package, p.version, p.package_state));
  }
  return {};
}

std::expected<void, Error> SqliteStore::AddTenantProductHosts(
    std::int64_t tenant_id, const std::vector<ProductHostsDelta>& deltas) {
  for (const ProductHostsDelta& d : deltas) {
    SURVEYOR_TRY(q_.Exec(
        "INSERT INTO tenant_products (tenant_id, product, category, hosts) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, product) DO UPDATE SET "
        "hosts = hosts + excluded.hosts",
        tenant_id, d.product, d.category, d.delta));
  }
  return {};
}

std::expected<std::vector<TenantProduct>, Error> SqliteStore::TenantProducts(
    std::int64_t tenant_id) {
  return q_.List<TenantProduct>(
      "SELECT product, category, hosts FROM tenant_products "
      "WHERE tenant_id = ? AND hosts > 0 ORDER BY category, product",
      [](const Statement& s) {
        return TenantProduct{std::string(s.ColumnText(0)),
                             std::string(s.ColumnText(1)), s.ColumnInt(2)};
      },
      tenant_id);
}

std::expected<std::vector<HostProduct>, Error> SqliteStore::ProductHosts(
    std::int64_t tenant_id, const std::string& product, int limit) {
  return q_.List<HostProduct>(SURVEYOR_HOST_PRODUCT_SELECT
                              "WHERE hp.tenant_id = ? AND hp.product = ? "
                              "LIMIT ?",
                              ReadHostProduct, tenant_id, product, limit);
}

std::expected<std::vector<UncataloguedRow>, Error> SqliteStore::Uncatalogued(
    std::int64_t tenant_id) {
  return q_.List<UncataloguedRow>(
      "SELECT s.source, s.name, COUNT(DISTINCT s.host_id) FROM software s "
      "JOIN hosts h ON h.id = s.host_id WHERE h.tenant_id = ? AND "
      "s.removed_at IS NULL AND NOT EXISTS (SELECT 1 FROM host_products hp "
      "WHERE hp.host_id = s.host_id AND hp.source = s.source AND "
      "hp.package = s.name AND hp.version = s.version) "
      "GROUP BY s.source, s.name ORDER BY s.source, s.name",
      [](const Statement& s) {
        return UncataloguedRow{std::string(common::PackageSourceName(
                                   static_cast<int>(s.ColumnInt(0)))),
                               std::string(s.ColumnText(1)), s.ColumnInt(2)};
      },
      tenant_id);
}

std::expected<std::vector<FindingRow>, Error> SqliteStore::ScopeFindings(
    std::int64_t tenant_id, const std::string& scope) {
  return q_.List<FindingRow>(
      "SELECT id, key, resolved_at IS NOT NULL FROM findings "
      "WHERE tenant_id = ? AND scope = ?",
      [](const Statement& s) {
        return FindingRow{s.ColumnInt(0), std::string(s.ColumnText(1)),
                          s.ColumnInt(2) != 0};
      },
      tenant_id, scope);
}

std::expected<void, Error> SqliteStore::InsertFinding(std::int64_t tenant_id,
                                                      const std::string& scope,
                                                      const v1::Finding& detail,
                                                      std::int64_t now) {
  return q_.Exec(
      "INSERT INTO findings (tenant_id, key, scope, detail, first_seen, "
      "last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
      tenant_id, detail.key(), scope, Blob{detail.SerializeAsString()}, now);
}

std::expected<void, Error> SqliteStore::UpdateFinding(std::int64_t id,
                                                      const std::string& scope,
                                                      const v1::Finding& detail,
                                                      std::int64_t now,
                                                      bool reopen) {
  return q_.Exec(
      "UPDATE findings SET scope = ?1, detail = ?2, last_seen = ?3, "
      "resolved_at = CASE WHEN ?4 THEN NULL ELSE resolved_at END, "
      "reopened = reopened + ?4 WHERE id = ?5",
      scope, Blob{detail.SerializeAsString()}, now, reopen, id);
}

std::expected<void, Error> SqliteStore::ResolveFinding(std::int64_t id,
                                                       std::int64_t now) {
  return q_.Exec(
      "UPDATE findings SET resolved_at = ? WHERE id = ? AND resolved_at IS "
      "NULL",
      now, id);
}

std::expected<std::vector<v1::Finding>, Error> SqliteStore::ListFindings(
    std::int64_t tenant_id, bool open_only) {
  std::vector<v1::Finding> out;
  SURVEYOR_TRY(q_.ForEach(
      "SELECT detail, first_seen, last_seen, resolved_at, reopened FROM "
      "findings WHERE tenant_id = ? AND (? = 0 OR resolved_at IS NULL)",
      [&](const Statement& s) -> std::expected<void, Error> {
        SURVEYOR_ASSIGN_OR_RETURN(
            v1::Finding f,
            ParseStored<v1::Finding>(s.ColumnBlob(0), "finding"));
        f.set_first_seen(s.ColumnInt(1));
        f.set_last_seen(s.ColumnInt(2));
        if (!s.ColumnIsNull(3)) f.set_resolved_at(s.ColumnInt(3));
        f.set_reopened(static_cast<std::uint32_t>(s.ColumnInt(4)));
        out.push_back(std::move(f));
        return {};
      },
      tenant_id, open_only));
  return out;
}

std::expected<std::optional<v1::TenantPolicy>, Error> SqliteStore::Policy(
    std::int64_t tenant_id) {
  std::optional<v1::TenantPolicy> out;
  SURVEYOR_TRY(q_.ForEach(
      "SELECT policy FROM policies WHERE tenant_id = ?",
      [&](const Statement& s) -> std::expected<void, Error> {
        SURVEYOR_ASSIGN_OR_RETURN(
            out, ParseStored<v1::TenantPolicy>(s.ColumnBlob(0), "policy"));
        return {};
      },
      tenant_id));
  return out;
}

std::expected<void, Error> SqliteStore::SetPolicy(
    std::int64_t tenant_id, const v1::TenantPolicy& policy, std::int64_t now) {
  return q_.Exec(
      "INSERT INTO policies (tenant_id, policy, updated_at) VALUES (?, ?, ?) "
      "ON CONFLICT (tenant_id) DO UPDATE SET policy = excluded.policy, "
      "updated_at = excluded.updated_at",
      tenant_id, Blob{policy.SerializeAsString()}, now);
}

std::expected<std::optional<v1::SaasContracts>, Error> SqliteStore::Contracts(
    std::int64_t tenant_id) {
  std::optional<v1::SaasContracts> out;
  SURVEYOR_TRY(q_.ForEach(
      "SELECT contracts FROM saas_contracts WHERE tenant_id = ?",
      [&](const Statement& s) -> std::expected<void, Error> {
        SURVEYOR_ASSIGN_OR_RETURN(
            out, ParseStored<v1::SaasContracts>(s.ColumnBlob(0), "contracts"));
        return {};
      },
      tenant_id));
  return out;
}

std::expected<void, Error> SqliteStore::SetContracts(
    std::int64_t tenant_id, const v1::SaasContracts& contracts,
    std::int64_t now) {
  return q_.Exec(
      "INSERT INTO saas_contracts (tenant_id, contracts, updated_at) "
      "VALUES (?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET "
      "contracts = excluded.contracts, updated_at = excluded.updated_at",
      tenant_id, Blob{contracts.SerializeAsString()}, now);
}

std::expected<void, Error> SqliteStore::RecordSaasDays(
    std::int64_t tenant_id, const std::vector<SaasDayRow>& rows) {
  for (const auto& r : rows) {
    SURVEYOR_TRY(q_.Exec(
        "INSERT INTO saas_days (tenant_id, vendor, sku_id, day, sku_name, "
        "purchased, assigned, active, wasted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
        "?) ON CONFLICT (tenant_id, vendor, sku_id, day) DO UPDATE SET "
        "sku_name = excluded.sku_name, purchased = excluded.purchased, "
        "assigned = excluded.assigned, active = excluded.active, "
        "wasted = excluded.wasted",
        tenant_id, r.vendor, r.sku_id, r.day, r.sku_name, r.purchased,
        r.assigned, r.active, r.wasted));
  }
  return {};
}

std::expected<std::vector<SaasDayRow>, Error> SqliteStore::SaasDays(
    std::int64_t tenant_id, std::int64_t since, std::int64_t until) {
  std::vector<SaasDayRow> out;
  SURVEYOR_TRY(q_.ForEach(
      "SELECT vendor, sku_id, day, sku_name, purchased, assigned, active, "
      "wasted FROM saas_days WHERE tenant_id = ? AND day >= ? AND day <= ? "
      "ORDER BY vendor, sku_id, day",
      [&](const Statement& s) -> std::expected<void, Error> {
        SaasDayRow r;
        r.vendor = std::string(s.ColumnText(0));
        r.sku_id = std::string(s.ColumnText(1));
        r.day = s.ColumnInt(2);
        r.sku_name = std::string(s.ColumnText(3));
        r.purchased = s.ColumnInt(4);
        r.assigned = s.ColumnInt(5);
        if (!s.ColumnIsNull(6)) r.active = s.ColumnInt(6);
        r.wasted = s.ColumnInt(7);
        out.push_back(std::move(r));
        return {};
      },
      tenant_id, since, until));
  return out;
}

std::expected<std::string, Error> SqliteStore::Meta(const std::string& key) {
  auto v = q_.First<std::string>(
      "SELECT value FROM meta WHERE key = ?",
      [](const Statement& s) { return std::string(s.ColumnText(0)); }, key);
  if (!v) return std::unexpected(v.error());
  return v->value_or("");
}

std::expected<void, Error> SqliteStore::SetMeta(const std::string& key,
                                                const std::string& value) {
  return q_.Exec(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO "
      "UPDATE SET value = excluded.value",
      key, value);
}

}  // namespace surveyor::service
