// PostgresStore: products, findings, policies and server-wide values
// (finding_rows.h).
#include "common/snapshot_delta.h"
#include "service/store/postgres_store.h"
#include "service/store/stored_proto.h"

namespace surveyor::service {

using common::Blob;
using common::Error;
using common::ErrorCode;
using common::PgResult;

namespace {

#define SURVEYOR_PG_HOST_PRODUCT_SELECT                                  \
  "SELECT hp.host_id, h.agent_id, h.hostname, hp.product, hp.category, " \
  "hp.realtime, hp.source, hp.package, hp.version, hp.package_state "    \
  "FROM host_products hp JOIN hosts h ON h.id = hp.host_id "

HostProduct ReadHostProduct(const PgResult& r, int i) {
  HostProduct p;
  p.host_id = r.Int(i, 0);
  p.agent_id = std::string(r.Bytes(i, 1));
  p.hostname = std::string(r.Bytes(i, 2));
  p.product = std::string(r.Bytes(i, 3));
  p.category = std::string(r.Bytes(i, 4));
  p.realtime_engine = r.Int(i, 5) != 0;
  p.source = r.Int(i, 6);
  p.package = std::string(r.Bytes(i, 7));
  p.version = std::string(r.Bytes(i, 8));
  p.package_state = std::string(r.Bytes(i, 9));
  return p;
}

}  // namespace

std::expected<std::set<std::string>, Error> PostgresStore::HostProductIds(
    std::int64_t host_id) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto r, Q("SELECT DISTINCT product FROM host_products WHERE host_id = $1",
                host_id));
  std::set<std::string> out;
  for (int i = 0; i < r.rows(); ++i) out.emplace(r.Bytes(i, 0));
  return out;
}

std::expected<std::vector<HostProduct>, Error> PostgresStore::HostProducts(
    std::int64_t host_id) {
  return List<HostProduct>(SURVEYOR_PG_HOST_PRODUCT_SELECT
                           "WHERE hp.host_id = $1 "
                           "ORDER BY hp.product, hp.package",
                           ReadHostProduct, host_id);
}

std::expected<void, Error> PostgresStore::DeleteHostProducts(
    std::int64_t host_id, const std::vector<SoftwareKey>& keys, bool all) {
  if (all) {
    SURVEYOR_TRY(Q("DELETE FROM host_products WHERE host_id = $1", host_id));
    return {};
  }
  if (keys.empty()) return {};
  // One statement for all of them: each is a round trip less inside the
  // tenant's findings transaction, which other servers wait for.
  std::vector<std::int64_t> sources;
  std::vector<std::string> packages, versions;
  for (const SoftwareKey& k : keys) {
    sources.push_back(k.source);
    packages.push_back(k.name);
    versions.push_back(k.version);
  }
  SURVEYOR_TRY(
      Q("DELETE FROM host_products h USING unnest($2::bigint[], "
        "$3::text[], $4::text[]) AS k(source, package, version) "
        "WHERE h.host_id = $1 AND h.source = k.source AND "
        "h.package = k.package AND h.version = k.version",
        host_id, sources, packages, versions));
  return {};
}

std::expected<void, Error> PostgresStore::InsertHostProducts(
    std::int64_t tenant_id, std::int64_t host_id,
    const std::vector<HostProduct>& products) {
  if (products.empty()) return {};
  std::vector<std::string> ids, categories, packages, versions, states;
  std::vector<std::int64_t> realtime, sources;
  for (const HostProduct& p : products) {
    ids.push_back(p.product);
    categories.push_back(p.category);
    realtime.push_back(p.realtime_engine ? 1 : 0);
    sources.push_back(p.source);
    packages.push_back(p.package);
    versions.push_back(p.version);
    states.push_back(p.package_state);
  }
  SURVEYOR_TRY(
      Q("INSERT INTO host_products (tenant_id, host_id, product, "
        "category, realtime, source, package, version, package_state) "
        "SELECT $1, $2, p, c, r <> 0, s, k, v, st FROM unnest($3::text[], "
        "$4::text[], $5::bigint[], $6::bigint[], $7::text[], $8::text[], "
        "$9::text[]) AS u(p, c, r, s, k, v, st)",
        tenant_id, host_id, ids, categories, realtime, sources, packages,
        versions, states));
  return {};
}

std::expected<void, Error> PostgresStore::AddTenantProductHosts(
    std::int64_t tenant_id, const std::vector<ProductHostsDelta>& deltas) {
  if (deltas.empty()) return {};
  std::vector<std::string> products, categories;
  std::vector<std::int64_t> changes;
  for (const ProductHostsDelta& d : deltas) {
    products.push_back(d.product);
    categories.push_back(d.category);
    changes.push_back(d.delta);
  }
  // By product: every transaction locks the count rows in one order, so
  // two servers updating the same products cannot deadlock. A product may
  // not appear twice (ON CONFLICT cannot update a row twice in one
  // statement).
  SURVEYOR_TRY(
      Q("INSERT INTO tenant_products (tenant_id, product, category, hosts) "
        "SELECT $1, p, c, d FROM unnest($2::text[], $3::text[], "
        "$4::bigint[]) AS u(p, c, d) ORDER BY p "
        "ON CONFLICT (tenant_id, product) DO UPDATE SET "
        "hosts = tenant_products.hosts + excluded.hosts",
        tenant_id, products, categories, changes));
  return {};
}

std::expected<std::vector<TenantProduct>, Error> PostgresStore::TenantProducts(
    std::int64_t tenant_id) {
  return List<TenantProduct>(
      "SELECT product, category, hosts FROM tenant_products "
      "WHERE tenant_id = $1 AND hosts > 0 ORDER BY category, product",
      [](const PgResult& r, int i) {
        return TenantProduct{std::string(r.Bytes(i, 0)),
                             std::string(r.Bytes(i, 1)), r.Int(i, 2)};
      },
      tenant_id);
}

std::expected<std::vector<HostProduct>, Error> PostgresStore::ProductHosts(
    std::int64_t tenant_id, const std::string& product, int limit) {
  return List<HostProduct>(SURVEYOR_PG_HOST_PRODUCT_SELECT
                           "WHERE hp.tenant_id = $1 AND hp.product = $2 "
                           "LIMIT $3",
                           ReadHostProduct, tenant_id, product, limit);
}

std::expected<std::vector<UncataloguedRow>, Error> PostgresStore::Uncatalogued(
    std::int64_t tenant_id) {
  return List<UncataloguedRow>(
      "SELECT s.source, s.name, COUNT(DISTINCT s.host_id) FROM software s "
      "JOIN hosts h ON h.id = s.host_id WHERE h.tenant_id = $1 AND "
      "s.removed_at IS NULL AND NOT EXISTS (SELECT 1 FROM host_products hp "
      "WHERE hp.host_id = s.host_id AND hp.source = s.source AND "
      "hp.package = s.name AND hp.version = s.version) "
      "GROUP BY s.source, s.name ORDER BY s.source, s.name",
      [](const PgResult& r, int i) {
        return UncataloguedRow{std::string(common::PackageSourceName(
                                   static_cast<int>(r.Int(i, 0)))),
                               std::string(r.Bytes(i, 1)), r.Int(i, 2)};
      },
      tenant_id);
}

std::expected<std::vector<FindingRow>, Error> PostgresStore::ScopeFindings(
    std::int64_t tenant_id, const std::string& scope) {
  return List<FindingRow>(
      "SELECT id, key, resolved_at IS NOT NULL FROM findings "
      "WHERE tenant_id = $1 AND scope = $2",
      [](const PgResult& r, int i) {
        return FindingRow{r.Int(i, 0), std::string(r.Bytes(i, 1)),
                          r.Int(i, 2) != 0};
      },
      tenant_id, scope);
}

std::expected<void, Error> PostgresStore::InsertFinding(
    std::int64_t tenant_id, const std::string& scope, const v1::Finding& detail,
    std::int64_t now) {
  SURVEYOR_TRY(
      Q("INSERT INTO findings (tenant_id, key, scope, detail, "
        "first_seen, last_seen) VALUES ($1, $2, $3, $4, $5, $5)",
        tenant_id, detail.key(), scope, Blob{detail.SerializeAsString()}, now));
  return {};
}

std::expected<void, Error> PostgresStore::UpdateFinding(
    std::int64_t id, const std::string& scope, const v1::Finding& detail,
    std::int64_t now, bool reopen) {
  SURVEYOR_TRY(
      Q("UPDATE findings SET scope = $1, detail = $2, "
        "last_seen = $3, "
        "resolved_at = CASE WHEN $4 THEN NULL ELSE resolved_at END, "
        "reopened = reopened + CASE WHEN $4 THEN 1 ELSE 0 END "
        "WHERE id = $5",
        scope, Blob{detail.SerializeAsString()}, now, reopen, id));
  return {};
}

std::expected<void, Error> PostgresStore::ResolveFinding(std::int64_t id,
                                                         std::int64_t now) {
  SURVEYOR_TRY(
      Q("UPDATE findings SET resolved_at = $1 WHERE id = $2 AND "
        "resolved_at IS NULL",
        now, id));
  return {};
}

std::expected<std::vector<v1::Finding>, Error> PostgresStore::ListFindings(
    std::int64_t tenant_id, bool open_only) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto r, Q("SELECT detail, first_seen, last_seen, resolved_at, reopened "
                "FROM findings WHERE tenant_id = $1 AND "
                "(NOT $2 OR resolved_at IS NULL)",
                tenant_id, open_only));
  std::vector<v1::Finding> out;
  for (int i = 0; i < r.rows(); ++i) {
    SURVEYOR_ASSIGN_OR_RETURN(
        v1::Finding f, ParseStored<v1::Finding>(r.Bytes(i, 0), "finding"));
    f.set_first_seen(r.Int(i, 1));
    f.set_last_seen(r.Int(i, 2));
    if (!r.IsNull(i, 3)) f.set_resolved_at(r.Int(i, 3));
    f.set_reopened(static_cast<std::uint32_t>(r.Int(i, 4)));
    out.push_back(std::move(f));
  }
  return out;
}

std::expected<std::optional<v1::TenantPolicy>, Error> PostgresStore::Policy(
    std::int64_t tenant_id) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto r, Q("SELECT policy FROM policies WHERE tenant_id = $1", tenant_id));
  if (r.rows() == 0) return std::optional<v1::TenantPolicy>();
  SURVEYOR_ASSIGN_OR_RETURN(
      auto policy, ParseStored<v1::TenantPolicy>(r.Bytes(0, 0), "policy"));
  return std::optional<v1::TenantPolicy>(std::move(policy));
}

std::expected<void, Error> PostgresStore::SetPolicy(
    std::int64_t tenant_id, const v1::TenantPolicy& policy, std::int64_t now) {
  SURVEYOR_TRY(
      Q("INSERT INTO policies (tenant_id, policy, updated_at) "
        "VALUES ($1, $2, $3) ON CONFLICT (tenant_id) DO UPDATE SET "
        "policy = excluded.policy, updated_at = excluded.updated_at",
        tenant_id, Blob{policy.SerializeAsString()}, now));
  return {};
}

std::expected<std::optional<v1::SaasContracts>, Error> PostgresStore::Contracts(
    std::int64_t tenant_id) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto r, Q("SELECT contracts FROM saas_contracts WHERE tenant_id = $1",
                tenant_id));
  if (r.rows() == 0) return std::optional<v1::SaasContracts>();
  SURVEYOR_ASSIGN_OR_RETURN(auto contracts, ParseStored<v1::SaasContracts>(
                                                r.Bytes(0, 0), "contracts"));
  return std::optional<v1::SaasContracts>(std::move(contracts));
}

std::expected<void, Error> PostgresStore::SetContracts(
    std::int64_t tenant_id, const v1::SaasContracts& contracts,
    std::int64_t now) {
  SURVEYOR_TRY(
      Q("INSERT INTO saas_contracts (tenant_id, contracts, updated_at) "
        "VALUES ($1, $2, $3) ON CONFLICT (tenant_id) DO UPDATE SET "
        "contracts = excluded.contracts, updated_at = excluded.updated_at",
        tenant_id, Blob{contracts.SerializeAsString()}, now));
  return {};
}

std::expected<void, Error> PostgresStore::RecordSaasDays(
    std::int64_t tenant_id, const std::vector<SaasDayRow>& rows) {
  for (const auto& r : rows) {
    SURVEYOR_TRY(Q(
        "INSERT INTO saas_days (tenant_id, vendor, sku_id, day, sku_name, "
        "purchased, assigned, active, wasted) VALUES ($1, $2, $3, $4, $5, $6, "
        "$7, $8, $9) ON CONFLICT (tenant_id, vendor, sku_id, day) DO UPDATE "
        "SET sku_name = excluded.sku_name, purchased = excluded.purchased, "
        "assigned = excluded.assigned, active = excluded.active, "
        "wasted = excluded.wasted",
        tenant_id, r.vendor, r.sku_id, r.day, r.sku_name, r.purchased,
        r.assigned, r.active, r.wasted));
  }
  return {};
}

std::expected<std::vector<SaasDayRow>, Error> PostgresStore::SaasDays(
    std::int64_t tenant_id, std::int64_t since, std::int64_t until) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto r,
      Q("SELECT vendor, sku_id, day, sku_name, purchased, assigned, active, "
        "wasted FROM saas_days WHERE tenant_id = $1 AND day >= $2 AND "
        "day <= $3 ORDER BY vendor, sku_id, day",
        tenant_id, since, until));
  std::vector<SaasDayRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    SaasDayRow d;
    d.vendor = std::string(r.Bytes(i, 0));
    d.sku_id = std::string(r.Bytes(i, 1));
    d.day = r.Int(i, 2);
    d.sku_name = std::string(r.Bytes(i, 3));
    d.purchased = r.Int(i, 4);
    d.assigned = r.Int(i, 5);
    if (!r.IsNull(i, 6)) d.active = r.Int(i, 6);
    d.wasted = r.Int(i, 7);
    out.push_back(std::move(d));
  }
  return out;
}

std::expected<std::string, Error> PostgresStore::Meta(const std::string& key) {
  SURVEYOR_ASSIGN_OR_RETURN(auto r,
                            Q("SELECT value FROM meta WHERE key = $1", key));
  if (r.rows() == 0) return std::string();
  return std::string(r.Bytes(0, 0));
}

std::expected<void, Error> PostgresStore::SetMeta(const std::string& key,
                                                  const std::string& value) {
  SURVEYOR_TRY(
      Q("INSERT INTO meta (key, value) VALUES ($1, $2) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        key, value));
  return {};
}

}  // namespace surveyor::service
