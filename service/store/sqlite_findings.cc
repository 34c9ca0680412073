// SqliteStore: the tables behind the findings engine (host_products,
// tenant_products, findings, policies, meta). See store.h for the contract.
#include <algorithm>
#include <set>

#include "common/snapshot_delta.h"
#include "service/store/host_row.h"
#include "service/store/sqlite_store.h"

namespace surveyor::service {
namespace {

using common::Error;
using common::ErrorCode;
using common::Fail;

}  // namespace

std::expected<void, Error> SqliteStore::InTransaction(
    const std::function<std::expected<void, Error>()>& work) {
  common::Transaction tx(db_);
  SURVEYOR_TRY(tx.Begin());
  SURVEYOR_TRY(work());
  return tx.Commit();
}

std::expected<std::vector<std::string>, Error> SqliteStore::UpdateHostProducts(
    const Host& host, const std::vector<SoftwareKey>& removed,
    const std::vector<HostProduct>& added, bool clear_all) {
  auto products_of_host = [&]() -> std::expected<std::set<std::string>, Error> {
    auto s =
        Stmt("SELECT DISTINCT product FROM host_products WHERE host_id = ?");
    if (!s) return std::unexpected(s.error());
    SURVEYOR_TRY((*s)->Bind(1, host.id));
    std::set<std::string> out;
    while (true) {
      auto row = (*s)->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      out.emplace((*s)->ColumnText(0));
    }
    return out;
  };
  auto before = products_of_host();
  if (!before) return std::unexpected(before.error());
  if (clear_all) {
    auto del = Stmt("DELETE FROM host_products WHERE host_id = ?");
    if (!del) return std::unexpected(del.error());
    SURVEYOR_TRY((*del)->Bind(1, host.id));
    SURVEYOR_TRY((*del)->Step());
  } else if (!removed.empty()) {
    auto del = Stmt(
        "DELETE FROM host_products WHERE host_id = ? AND source = ? AND "
        "package = ? AND version = ?");
    if (!del) return std::unexpected(del.error());
    for (const SoftwareKey& k : removed) {
      (void)(*del)->Reset();
      SURVEYOR_TRY((*del)->Bind(1, host.id));
      SURVEYOR_TRY((*del)->Bind(2, k.source));
      SURVEYOR_TRY((*del)->Bind(3, std::string_view(k.name)));
      SURVEYOR_TRY((*del)->Bind(4, std::string_view(k.version)));
      SURVEYOR_TRY((*del)->Step());
    }
  }
  std::map<std::string, std::string> category_of;
  if (!added.empty()) {
    auto ins = Stmt(
        "INSERT INTO host_products (tenant_id, host_id, product, category, "
        "realtime, source, package, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!ins) return std::unexpected(ins.error());
    for (const HostProduct& p : added) {
      category_of[p.product] = p.category;
      (void)(*ins)->Reset();
      SURVEYOR_TRY((*ins)->Bind(1, host.tenant_id));
      SURVEYOR_TRY((*ins)->Bind(2, host.id));
      SURVEYOR_TRY((*ins)->Bind(3, std::string_view(p.product)));
      SURVEYOR_TRY((*ins)->Bind(4, std::string_view(p.category)));
      SURVEYOR_TRY((*ins)->Bind(5, std::int64_t{p.realtime_engine ? 1 : 0}));
      SURVEYOR_TRY((*ins)->Bind(6, p.source));
      SURVEYOR_TRY((*ins)->Bind(7, std::string_view(p.package)));
      SURVEYOR_TRY((*ins)->Bind(8, std::string_view(p.version)));
      SURVEYOR_TRY((*ins)->Step());
    }
  }
  auto after = products_of_host();
  if (!after) return std::unexpected(after.error());
  std::vector<std::string> changed;
  auto bump = Stmt(
      "INSERT INTO tenant_products (tenant_id, product, category, hosts) "
      "VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, product) DO UPDATE SET "
      "hosts = hosts + excluded.hosts");
  if (!bump) return std::unexpected(bump.error());
  auto count = [&](const std::string& product, const std::string& category,
                   std::int64_t delta) -> std::expected<void, Error> {
    (void)(*bump)->Reset();
    SURVEYOR_TRY((*bump)->Bind(1, host.tenant_id));
    SURVEYOR_TRY((*bump)->Bind(2, std::string_view(product)));
    SURVEYOR_TRY((*bump)->Bind(3, std::string_view(category)));
    SURVEYOR_TRY((*bump)->Bind(4, delta));
    SURVEYOR_TRY((*bump)->Step());
    changed.push_back(product);
    return {};
  };
  for (const auto& p : *after) {
    if (!before->contains(p)) SURVEYOR_TRY(count(p, category_of[p], 1));
  }
  for (const auto& p : *before) {
    if (!after->contains(p)) SURVEYOR_TRY(count(p, "", -1));
  }
  return changed;
}

namespace {
HostProduct ReadHostProduct(const common::Statement& s) {
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
  return p;
}
constexpr const char* kHostProductColumns =
    "hp.host_id, h.agent_id, h.hostname, hp.product, hp.category, "
    "hp.realtime, hp.source, hp.package, hp.version";
}  // namespace

std::expected<std::vector<HostProduct>, Error> SqliteStore::HostProducts(
    std::int64_t host_id) {
  static const std::string sql =
      std::string("SELECT ") + kHostProductColumns +
      " FROM host_products hp JOIN hosts h ON h.id = hp.host_id "
      "WHERE hp.host_id = ? ORDER BY hp.product, hp.package";
  auto s = Stmt(sql.c_str());
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, host_id));
  std::vector<HostProduct> out;
  while (true) {
    auto row = (*s)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(ReadHostProduct(**s));
  }
  return out;
}

std::expected<std::vector<TenantProduct>, Error> SqliteStore::TenantProducts(
    std::int64_t tenant_id) {
  auto s = Stmt(
      "SELECT product, category, hosts FROM tenant_products "
      "WHERE tenant_id = ? AND hosts > 0 ORDER BY category, product");
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, tenant_id));
  std::vector<TenantProduct> out;
  while (true) {
    auto row = (*s)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(TenantProduct{std::string((*s)->ColumnText(0)),
                                std::string((*s)->ColumnText(1)),
                                (*s)->ColumnInt(2)});
  }
  return out;
}

std::expected<std::vector<HostProduct>, Error> SqliteStore::ProductHosts(
    std::int64_t tenant_id, const std::string& product, int limit) {
  static const std::string sql =
      std::string("SELECT ") + kHostProductColumns +
      " FROM host_products hp JOIN hosts h ON h.id = hp.host_id "
      "WHERE hp.tenant_id = ? AND hp.product = ? LIMIT ?";
  auto s = Stmt(sql.c_str());
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, tenant_id));
  SURVEYOR_TRY((*s)->Bind(2, std::string_view(product)));
  SURVEYOR_TRY((*s)->Bind(3, std::int64_t{limit}));
  std::vector<HostProduct> out;
  while (true) {
    auto row = (*s)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(ReadHostProduct(**s));
  }
  return out;
}

std::expected<std::vector<UncataloguedRow>, Error> SqliteStore::Uncatalogued(
    std::int64_t tenant_id) {
  auto s = Stmt(
      "SELECT s.source, s.name, COUNT(DISTINCT s.host_id) FROM software s "
      "JOIN hosts h ON h.id = s.host_id WHERE h.tenant_id = ? AND "
      "s.removed_at IS NULL AND NOT EXISTS (SELECT 1 FROM host_products hp "
      "WHERE hp.host_id = s.host_id AND hp.source = s.source AND "
      "hp.package = s.name AND hp.version = s.version) "
      "GROUP BY s.source, s.name ORDER BY s.source, s.name");
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, tenant_id));
  std::vector<UncataloguedRow> out;
  while (true) {
    auto row = (*s)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(UncataloguedRow{
        std::string(
            common::PackageSourceName(static_cast<int>((*s)->ColumnInt(0)))),
        std::string((*s)->ColumnText(1)), (*s)->ColumnInt(2)});
  }
  return out;
}

std::expected<HostState, Error> SqliteStore::LoadHostState(
    std::int64_t host_id) {
  HostState state;
  {
    static const std::string sql =
        std::string("SELECT ") + kHostColumns +
        " FROM hosts h JOIN tenants t ON t.id = h.tenant_id WHERE h.id = ?";
    auto s = Stmt(sql.c_str());
    if (!s) return std::unexpected(s.error());
    SURVEYOR_TRY((*s)->Bind(1, host_id));
    auto row = (*s)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return Fail(ErrorCode::kNotFound, "no such host");
    state.host = ReadHost(**s);
  }
  auto s = Stmt(
      "SELECT collector, section, error_streak FROM sections WHERE host_id = "
      "?");
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, host_id));
  while (true) {
    auto row = (*s)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    std::string collector((*s)->ColumnText(0));
    std::int64_t streak = (*s)->ColumnInt(2);
    bool wanted = collector == "protection" || collector == "backup";
    if (!wanted && streak == 0) continue;
    v1::Section section;
    auto blob = (*s)->ColumnBlob(1);
    if (!section.ParseFromArray(blob.data(), static_cast<int>(blob.size()))) {
      return Fail(ErrorCode::kInternal,
                  "stored section '" + collector + "' does not parse");
    }
    if (streak > 0) {
      std::string first =
          section.errors().empty() ? "" : section.errors(0).reason();
      state.failing[collector] = {streak, first};
    }
    if (collector == "protection")
      state.protection = std::move(section);
    else if (collector == "backup")
      state.backup = std::move(section);
  }
  return state;
}

std::expected<std::vector<std::int64_t>, Error> SqliteStore::SilentHosts(
    std::int64_t tenant_id, std::int64_t before) {
  auto s = Stmt("SELECT id FROM hosts WHERE tenant_id = ? AND last_seen < ?");
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, tenant_id));
  SURVEYOR_TRY((*s)->Bind(2, before));
  std::vector<std::int64_t> out;
  while (true) {
    auto row = (*s)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back((*s)->ColumnInt(0));
  }
  return out;
}

std::expected<FindingsDelta, Error> SqliteStore::SaveFindings(
    std::int64_t tenant_id, const std::string& scope,
    const std::vector<v1::Finding>& current, std::int64_t now) {
  FindingsDelta delta;
  // What the scope holds now: key -> (id, resolved).
  std::map<std::string, std::pair<std::int64_t, bool>> existing;
  {
    auto s = Stmt(
        "SELECT key, id, resolved_at IS NOT NULL FROM findings "
        "WHERE tenant_id = ? AND scope = ?");
    if (!s) return std::unexpected(s.error());
    SURVEYOR_TRY((*s)->Bind(1, tenant_id));
    SURVEYOR_TRY((*s)->Bind(2, std::string_view(scope)));
    while (true) {
      auto row = (*s)->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      existing[std::string((*s)->ColumnText(0))] = {(*s)->ColumnInt(1),
                                                    (*s)->ColumnInt(2) != 0};
    }
  }
  auto ins = Stmt(
      "INSERT INTO findings (tenant_id, key, scope, detail, first_seen, "
      "last_seen) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, key) DO "
      "UPDATE SET scope = excluded.scope, detail = excluded.detail, "
      "last_seen = excluded.last_seen, resolved_at = NULL, "
      "reopened = reopened + (resolved_at IS NOT NULL)");
  if (!ins) return std::unexpected(ins.error());
  std::set<std::string> seen;
  for (const v1::Finding& f : current) {
    if (!seen.insert(f.key()).second) continue;
    v1::Finding detail = f;
    detail.clear_first_seen();
    detail.clear_last_seen();
    detail.clear_resolved_at();
    detail.clear_reopened();
    (void)(*ins)->Reset();
    SURVEYOR_TRY((*ins)->Bind(1, tenant_id));
    SURVEYOR_TRY((*ins)->Bind(2, std::string_view(f.key())));
    SURVEYOR_TRY((*ins)->Bind(3, std::string_view(scope)));
    SURVEYOR_TRY((*ins)->BindBlob(4, detail.SerializeAsString()));
    SURVEYOR_TRY((*ins)->Bind(5, now));
    SURVEYOR_TRY((*ins)->Bind(6, now));
    SURVEYOR_TRY((*ins)->Step());
    auto it = existing.find(f.key());
    if (it == existing.end()) {
      ++delta.opened;
    } else if (it->second.second) {
      ++delta.reopened;
    } else {
      ++delta.updated;
    }
  }
  auto resolve = Stmt(
      "UPDATE findings SET resolved_at = ? WHERE id = ? AND resolved_at IS "
      "NULL");
  if (!resolve) return std::unexpected(resolve.error());
  for (const auto& [key, row] : existing) {
    if (seen.contains(key) || row.second) continue;
    (void)(*resolve)->Reset();
    SURVEYOR_TRY((*resolve)->Bind(1, now));
    SURVEYOR_TRY((*resolve)->Bind(2, row.first));
    SURVEYOR_TRY((*resolve)->Step());
    ++delta.resolved;
  }
  return delta;
}

std::expected<std::vector<v1::Finding>, Error> SqliteStore::ListFindings(
    std::int64_t tenant_id, bool open_only) {
  auto s = Stmt(
      "SELECT detail, first_seen, last_seen, resolved_at, reopened FROM "
      "findings WHERE tenant_id = ? AND (? = 0 OR resolved_at IS NULL)");
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, tenant_id));
  SURVEYOR_TRY((*s)->Bind(2, std::int64_t{open_only ? 1 : 0}));
  std::vector<v1::Finding> out;
  while (true) {
    auto row = (*s)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    v1::Finding f;
    auto blob = (*s)->ColumnBlob(0);
    if (!f.ParseFromArray(blob.data(), static_cast<int>(blob.size()))) {
      return Fail(ErrorCode::kInternal, "stored finding does not parse");
    }
    f.set_first_seen((*s)->ColumnInt(1));
    f.set_last_seen((*s)->ColumnInt(2));
    if (!(*s)->ColumnIsNull(3)) f.set_resolved_at((*s)->ColumnInt(3));
    f.set_reopened(static_cast<std::uint32_t>((*s)->ColumnInt(4)));
    out.push_back(std::move(f));
  }
  return out;
}

std::expected<std::optional<v1::TenantPolicy>, Error> SqliteStore::Policy(
    std::int64_t tenant_id) {
  auto s = Stmt("SELECT policy FROM policies WHERE tenant_id = ?");
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, tenant_id));
  auto row = (*s)->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<v1::TenantPolicy>();
  v1::TenantPolicy p;
  auto blob = (*s)->ColumnBlob(0);
  if (!p.ParseFromArray(blob.data(), static_cast<int>(blob.size()))) {
    return Fail(ErrorCode::kInternal, "stored policy does not parse");
  }
  return std::optional<v1::TenantPolicy>(std::move(p));
}

std::expected<void, Error> SqliteStore::SetPolicy(
    std::int64_t tenant_id, const v1::TenantPolicy& policy, std::int64_t now) {
  auto s = Stmt(
      "INSERT INTO policies (tenant_id, policy, updated_at) VALUES (?, ?, ?) "
      "ON CONFLICT (tenant_id) DO UPDATE SET policy = excluded.policy, "
      "updated_at = excluded.updated_at");
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, tenant_id));
  SURVEYOR_TRY((*s)->BindBlob(2, policy.SerializeAsString()));
  SURVEYOR_TRY((*s)->Bind(3, now));
  SURVEYOR_TRY((*s)->Step());
  return {};
}

std::expected<std::string, Error> SqliteStore::Meta(const std::string& key) {
  auto s = Stmt("SELECT value FROM meta WHERE key = ?");
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, std::string_view(key)));
  auto row = (*s)->Step();
  if (!row) return std::unexpected(row.error());
  return *row ? std::string((*s)->ColumnText(0)) : std::string();
}

std::expected<void, Error> SqliteStore::SetMeta(const std::string& key,
                                                const std::string& value) {
  auto s = Stmt(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO "
      "UPDATE SET value = excluded.value");
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, std::string_view(key)));
  SURVEYOR_TRY((*s)->Bind(2, std::string_view(value)));
  SURVEYOR_TRY((*s)->Step());
  return {};
}

}  // namespace surveyor::service
