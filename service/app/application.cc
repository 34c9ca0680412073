#include "service/app/application.h"

#include "common/logging.h"
#include "service/domain/change_pairing.h"
#include "service/findings/policy.h"
#include "service/findings/report.h"

namespace surveyor::service {

using common::Error;
using common::ErrorCode;
using common::Fail;

Application::Application(Store& store, const findings::Catalog* catalog,
                         Clock clock)
    : store_(store),
      catalog_(catalog),
      clock_(std::move(clock)),
      accounts_(store),
      ingestor_(store) {
  if (catalog_ != nullptr) engine_.emplace(store_, *catalog_);
}

std::expected<findings::Engine*, Error> Application::RequireEngine() {
  if (!engine_) {
    return Fail(ErrorCode::kUnsupported, "findings are not enabled");
  }
  return &*engine_;
}

std::expected<v1::EnrollResponse, Error> Application::Enroll(
    const v1::EnrollRequest& request) {
  return accounts_.Enroll(request, clock_());
}

std::expected<v1::SubmitResponse, Error> Application::Submit(
    const Host& host, const v1::Snapshot& snapshot, std::size_t wire_bytes) {
  IngestStats stats;
  const std::int64_t now = clock_();
  SURVEYOR_ASSIGN_OR_RETURN(
      auto response, ingestor_.Ingest(host, snapshot, wire_bytes, now, &stats));
  if (engine_ && !response.duplicate()) {
    if (auto f = engine_->AfterIngest(host, stats, now); !f) {
      common::Logger("findings")
          ->error("after ingest from {}: {}", host.agent_id, f.error().message);
    }
  }
  return response;
}

std::expected<Tenant, Error> Application::RequireTenant(
    const std::string& name) {
  SURVEYOR_ASSIGN_OR_RETURN(auto tenant, store_.TenantByName(name));
  if (!tenant) return Fail(ErrorCode::kNotFound, "no tenant '" + name + "'");
  return *tenant;
}

std::expected<Host, Error> Application::RequireHost(
    const std::string& agent_id) {
  SURVEYOR_ASSIGN_OR_RETURN(auto host, store_.HostByAgentId(agent_id));
  if (!host) return Fail(ErrorCode::kNotFound, "no host '" + agent_id + "'");
  return *host;
}

std::expected<std::vector<Change>, Error> Application::Changes(
    std::int64_t tenant_id, std::int64_t since, std::int64_t until) {
  SURVEYOR_ASSIGN_OR_RETURN(auto rows,
                            store_.HistoryBetween(tenant_id, since, until));
  return PairChanges(rows, since, until);
}

std::expected<std::vector<v1::Finding>, Error> Application::Findings(
    std::int64_t tenant_id, bool open_only) {
  SURVEYOR_TRY(RequireEngine());
  SURVEYOR_ASSIGN_OR_RETURN(auto list,
                            store_.ListFindings(tenant_id, open_only));
  findings::SortFindings(list);
  return list;
}

std::expected<ProductsView, Error> Application::Products(
    std::int64_t tenant_id) {
  SURVEYOR_TRY(RequireEngine());
  ProductsView view;
  SURVEYOR_ASSIGN_OR_RETURN(auto products, store_.TenantProducts(tenant_id));
  for (const auto& p : products) {
    const auto* entry = catalog_->Product(p.product);
    view.catalogued.push_back({p.product, entry ? entry->name() : p.product,
                               entry ? entry->vendor() : "", p.category,
                               p.hosts});
  }
  SURVEYOR_ASSIGN_OR_RETURN(view.uncatalogued, store_.Uncatalogued(tenant_id));
  return view;
}

std::expected<PolicyView, Error> Application::ShowPolicy(
    std::int64_t tenant_id) {
  SURVEYOR_ASSIGN_OR_RETURN(auto* engine, RequireEngine());
  SURVEYOR_ASSIGN_OR_RETURN(auto stored, store_.Policy(tenant_id));
  SURVEYOR_ASSIGN_OR_RETURN(auto policy, engine->TenantPolicy(tenant_id));
  return PolicyView{std::move(policy), !stored.has_value()};
}

std::expected<findings::EvaluationStats, Error> Application::SetPolicy(
    std::int64_t tenant_id, const std::string& text,
    const std::string& source) {
  SURVEYOR_ASSIGN_OR_RETURN(auto* engine, RequireEngine());
  SURVEYOR_ASSIGN_OR_RETURN(auto policy,
                            findings::ParsePolicy(text, source, *catalog_));
  const std::int64_t now = clock_();
  SURVEYOR_TRY(store_.SetPolicy(tenant_id, policy, now));
  return engine->EvaluateTenant(tenant_id, now);
}

std::expected<findings::EvaluationStats, Error> Application::SyncCatalog() {
  SURVEYOR_ASSIGN_OR_RETURN(auto* engine, RequireEngine());
  return engine->SyncCatalog(clock_());
}

std::expected<findings::EvaluationStats, Error> Application::Sweep() {
  SURVEYOR_ASSIGN_OR_RETURN(auto* engine, RequireEngine());
  return engine->Sweep(clock_());
}

std::expected<findings::EvaluationStats, Error> Application::Refresh() {
  SURVEYOR_ASSIGN_OR_RETURN(auto synced, SyncCatalog());
  SURVEYOR_ASSIGN_OR_RETURN(auto swept, Sweep());
  synced.hosts += swept.hosts;
  synced.categories += swept.categories;
  synced.changes.opened += swept.changes.opened;
  synced.changes.reopened += swept.changes.reopened;
  synced.changes.updated += swept.changes.updated;
  synced.changes.resolved += swept.changes.resolved;
  return synced;
}

}  // namespace surveyor::service
