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

std::expected<Enrolled, Error> Application::Enroll(
    const v1::EnrollRequest& request) {
  const std::int64_t now = clock_();
  SURVEYOR_ASSIGN_OR_RETURN(auto enrolled, accounts_.Enroll(request, now));
  if (engine_ && enrolled.kind == Enrolled::Kind::kConflict) {
    if (auto f = engine_->EvaluateOneHost(enrolled.host, now); !f) {
      common::Logger("findings")
          ->error("after enrolling {}: {}", enrolled.host.agent_id,
                  f.error().message);
    }
  }
  return enrolled;
}

std::expected<void, Error> Application::ProbeWrites() {
  return store_.SetMeta("write_probe", std::to_string(clock_()));
}

std::expected<Host, Error> Application::TenantHost(
    const Tenant& tenant, const std::string& agent_id) {
  SURVEYOR_ASSIGN_OR_RETURN(auto host, store_.HostByAgentId(agent_id));
  if (!host || host->tenant_id != tenant.id) {
    return Fail(ErrorCode::kNotFound,
                "tenant '" + tenant.name + "' has no host '" + agent_id + "'");
  }
  return *host;
}

std::expected<Host, Error> Application::Reevaluate(
    const std::string& agent_id) {
  SURVEYOR_ASSIGN_OR_RETURN(auto host, store_.HostByAgentId(agent_id));
  if (!host) return Fail(ErrorCode::kNotFound, "no host '" + agent_id + "'");
  if (engine_) SURVEYOR_TRY(engine_->EvaluateOneHost(*host, clock_()));
  return *host;
}

std::expected<Host, Error> Application::AcceptHost(const Tenant& tenant,
                                                   const std::string& agent_id,
                                                   bool retire_previous) {
  SURVEYOR_ASSIGN_OR_RETURN(Host host, TenantHost(tenant, agent_id));
  if (host.conflicts_with.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "host '" + agent_id + "' has no identity conflict to accept");
  }
  std::optional<Host> previous;
  if (retire_previous) {
    SURVEYOR_ASSIGN_OR_RETURN(previous,
                              store_.HostByAgentId(host.conflicts_with));
  }
  SURVEYOR_TRY(store_.InTransaction([&]() -> std::expected<void, Error> {
    SURVEYOR_TRY(store_.SetConflict(host.id, ""));
    if (previous) SURVEYOR_TRY(store_.SetRetired(previous->id, clock_()));
    return {};
  }));
  if (previous) SURVEYOR_TRY(Reevaluate(previous->agent_id));
  return Reevaluate(agent_id);
}

std::expected<Host, Error> Application::RejectHost(
    const Tenant& tenant, const std::string& agent_id) {
  SURVEYOR_ASSIGN_OR_RETURN(Host host, TenantHost(tenant, agent_id));
  const std::int64_t now = clock_();
  if (!host.public_key.empty()) {
    SURVEYOR_TRY(store_.RejectKey(tenant.id, host.public_key, agent_id, now));
  }
  if (engine_) {
    SURVEYOR_TRY(engine_->RemoveHost(host, now));
  } else {
    SURVEYOR_TRY(
        store_.InTransaction([&] { return store_.DeleteHost(host.id); }));
  }
  return host;
}

std::expected<Host, Error> Application::RetireHost(const Tenant& tenant,
                                                   const std::string& agent_id,
                                                   bool retired) {
  SURVEYOR_ASSIGN_OR_RETURN(Host host, TenantHost(tenant, agent_id));
  SURVEYOR_TRY(store_.SetRetired(host.id, retired ? clock_() : 0));
  return Reevaluate(agent_id);
}

std::expected<v1::SubmitResponse, Error> Application::Submit(
    const Host& host, const v1::Snapshot& snapshot, std::size_t wire_bytes,
    const std::string& digest) {
  IngestStats stats;
  const std::int64_t now = clock_();
  SURVEYOR_ASSIGN_OR_RETURN(
      auto response,
      ingestor_.Ingest(host, snapshot, wire_bytes, digest, now, &stats));
  if (engine_ && !response.duplicate() && !response.sequence_conflict()) {
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

std::expected<SaasAnalysis, Error> Application::Saas(
    std::int64_t tenant_id, std::optional<std::int64_t> days) {
  std::int64_t inactive_days = days.value_or(60);
  if (!days && engine_.has_value()) {
    SURVEYOR_ASSIGN_OR_RETURN(auto policy, engine_->TenantPolicy(tenant_id));
    if (policy.saas_inactive_days()) {
      inactive_days = policy.saas_inactive_days();
    }
  }
  return findings::AnalyseTenantSaas(store_, catalog_, tenant_id, clock_(),
                                     inactive_days);
}

std::expected<std::vector<SaasDayRow>, Error> Application::SaasHistory(
    std::int64_t tenant_id, std::int64_t since, std::int64_t until) {
  return store_.SaasDays(tenant_id, since - since % 86400, until);
}

std::expected<ContractsView, Error> Application::ShowContracts(
    std::int64_t tenant_id) {
  SURVEYOR_ASSIGN_OR_RETURN(auto stored, store_.Contracts(tenant_id));
  return ContractsView{stored.value_or(v1::SaasContracts()),
                       &BuiltinPriceTable()};
}

std::expected<findings::EvaluationStats, Error> Application::SetContracts(
    std::int64_t tenant_id, const std::string& text,
    const std::string& source) {
  SURVEYOR_ASSIGN_OR_RETURN(auto* engine, RequireEngine());
  SURVEYOR_ASSIGN_OR_RETURN(auto contracts, ParseSaasContracts(text, source));
  const std::int64_t now = clock_();
  SURVEYOR_TRY(store_.SetContracts(tenant_id, contracts, now));
  return engine->EvaluateTenant(tenant_id, now);
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

std::expected<Application::Pruned, Error> Application::PruneHistory(
    std::int64_t days, int max_batches, std::int64_t batch) {
  // LockScope::kJob id: servers sharing a database prune one at a time.
  constexpr std::int64_t kRetentionJob = 2;
  Pruned out;
  out.before = clock_() - days * 86400;
  for (int i = 0; i < max_batches; ++i) {
    PrunedRows rows;
    SURVEYOR_TRY(store_.InTransaction([&]() -> std::expected<void, Error> {
      SURVEYOR_TRY(store_.LockUntilCommit(LockScope::kJob, kRetentionJob));
      SURVEYOR_ASSIGN_OR_RETURN(rows, store_.PruneHistory(out.before, batch));
      // Evidence exports say which days are no longer answerable.
      return store_.SetMeta(kEvidenceRetainedSinceKey,
                            std::to_string(out.before));
    }));
    out.rows.software += rows.software;
    out.rows.snapshots += rows.snapshots;
    out.rows.findings += rows.findings;
    out.rows.saas_days += rows.saas_days;
    out.rows.evidence += rows.evidence;
    out.more = rows.software == batch || rows.snapshots == batch ||
               rows.findings == batch || rows.saas_days == batch ||
               rows.evidence >= batch;
    if (!out.more) break;
  }
  return out;
}

}  // namespace surveyor::service
