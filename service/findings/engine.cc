#include "service/findings/engine.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "service/domain/finding_lifecycle.h"
#include "service/findings/rules.h"

namespace surveyor::findings {
namespace {

constexpr const char* kCatalogMeta = "catalog_fingerprint";
constexpr std::int64_t kCatalogJob = 1;  // LockScope::kJob id.
constexpr int kSampleHosts = 10;

void Add(service::FindingsDelta& into, const service::FindingsDelta& d) {
  into.opened += d.opened;
  into.reopened += d.reopened;
  into.updated += d.updated;
  into.resolved += d.resolved;
}

}  // namespace

std::expected<service::HostState, common::Error> Engine::LoadHostState(
    std::int64_t host_id) {
  service::HostState state;
  SURVEYOR_ASSIGN_OR_RETURN(auto host, store_.HostById(host_id));
  if (!host) {
    return common::Fail(common::ErrorCode::kNotFound, "no such host");
  }
  state.host = std::move(*host);
  SURVEYOR_ASSIGN_OR_RETURN(auto sections, store_.HostSections(host_id));
  for (auto& stored : sections) {
    const std::string& collector = stored.section.collector();
    if (stored.error_streak > 0) {
      const auto& errors = stored.section.errors();
      state.failing[collector] = {stored.error_streak,
                                  errors.empty() ? "" : errors[0].reason()};
    }
    if (collector == "protection") {
      state.protection = std::move(stored.section);
    } else if (collector == "backup") {
      state.backup = std::move(stored.section);
    }
  }
  SURVEYOR_ASSIGN_OR_RETURN(state.all_sites_extensions,
                            store_.AllSitesExtensions(host_id));
  return state;
}

std::expected<service::FindingsDelta, common::Error> Engine::SaveFindings(
    std::int64_t tenant_id, const std::string& scope,
    const std::vector<v1::Finding>& current, std::int64_t now) {
  SURVEYOR_ASSIGN_OR_RETURN(auto existing,
                            store_.ScopeFindings(tenant_id, scope));
  service::FindingPlan plan = service::PlanFindings(existing, current);
  for (const auto& f : plan.open) {
    SURVEYOR_TRY(store_.InsertFinding(tenant_id, scope, f, now));
  }
  for (const auto& [id, f] : plan.update) {
    SURVEYOR_TRY(store_.UpdateFinding(id, scope, f, now, /*reopen=*/false));
  }
  for (const auto& [id, f] : plan.reopen) {
    SURVEYOR_TRY(store_.UpdateFinding(id, scope, f, now, /*reopen=*/true));
  }
  for (std::int64_t id : plan.resolve) {
    SURVEYOR_TRY(store_.ResolveFinding(id, now));
  }
  return plan.delta;
}

std::expected<void, common::Error> Engine::UpdateHostProducts(
    const service::Host& host, const std::vector<service::SoftwareKey>& removed,
    const std::vector<service::HostProduct>& added, bool clear_all) {
  SURVEYOR_ASSIGN_OR_RETURN(auto before, store_.HostProductIds(host.id));
  if (clear_all) {
    SURVEYOR_TRY(store_.DeleteHostProducts(host.id, {}, true));
    SURVEYOR_TRY(store_.InsertHostProducts(host.tenant_id, host.id, added));
  } else {
    // Rows are per (source, package, version); one package can be there
    // more than once (an extension in two profiles, a Flatpak for the
    // system and a user, a dpkg package going from unpacked to
    // installed). Every row of a package that changed is rebuilt from
    // what the host has now.
    std::set<std::tuple<std::int64_t, std::string, std::string>> touched;
    std::vector<service::SoftwareKey> stale;
    auto touch = [&](std::int64_t source, const std::string& name,
                     const std::string& version) {
      if (touched.emplace(source, name, version).second) {
        stale.push_back(service::SoftwareKey{source, name, "", "", version});
      }
    };
    for (const auto& k : removed) touch(k.source, k.name, k.version);
    for (const auto& p : added) touch(p.source, p.package, p.version);
    SURVEYOR_TRY(store_.DeleteHostProducts(host.id, stale, false));
    // Only the touched packages' current entries, not the whole inventory.
    SURVEYOR_ASSIGN_OR_RETURN(auto current,
                              store_.CurrentKeysOf(host.id, stale));
    std::vector<service::SoftwareKey> still;
    for (auto& k : current) {
      if (touched.contains({k.source, k.name, k.version})) {
        still.push_back(std::move(k));
      }
    }
    SURVEYOR_TRY(store_.InsertHostProducts(host.tenant_id, host.id,
                                           MatchKeys(host, still)));
  }
  SURVEYOR_ASSIGN_OR_RETURN(auto after, store_.HostProductIds(host.id));
  // The tenant-wide host count of a product changes when the host gained
  // its first or lost its last package of it.
  std::map<std::string, std::string> category_of;
  for (const auto& p : added) category_of[p.product] = p.category;
  std::vector<service::ProductHostsDelta> deltas;
  for (const auto& p : after) {
    if (!before.contains(p)) deltas.push_back({p, category_of[p], 1});
  }
  for (const auto& p : before) {
    if (!after.contains(p)) deltas.push_back({p, "", -1});
  }
  return store_.AddTenantProductHosts(host.tenant_id, deltas);
}

std::vector<service::HostProduct> Engine::MatchKeys(
    const service::Host& host,
    const std::vector<service::SoftwareKey>& keys) const {
  std::vector<service::HostProduct> out;
  for (const auto& k : keys) {
    auto source = FromPackageSource(static_cast<int>(k.source));
    if (!source) continue;
    const auto* p =
        catalog_.Match(*source, k.name, service::WindowsPublisher(k));
    if (p == nullptr) continue;
    service::HostProduct hp;
    hp.host_id = host.id;
    hp.product = p->id();
    hp.category = p->category();
    hp.realtime_engine = p->realtime_engine();
    hp.source = k.source;
    hp.package = k.name;
    hp.version = k.version;
    if (k.source == v1::PACKAGE_SOURCE_DPKG) hp.package_state = k.variant;
    out.push_back(std::move(hp));
  }
  return out;
}

std::expected<v1::TenantPolicy, common::Error> Engine::TenantPolicy(
    std::int64_t tenant_id) {
  SURVEYOR_ASSIGN_OR_RETURN(auto stored, store_.Policy(tenant_id));
  return stored ? *stored : DefaultPolicy(catalog_);
}

std::expected<Policy, common::Error> Engine::EffectivePolicy(
    std::int64_t tenant_id) {
  SURVEYOR_ASSIGN_OR_RETURN(auto p, TenantPolicy(tenant_id));
  return Effective(p, catalog_);
}

std::expected<void, common::Error> Engine::EvaluateHost(
    std::int64_t host_id, const Policy& policy, std::int64_t now,
    EvaluationStats& stats) {
  SURVEYOR_ASSIGN_OR_RETURN(auto state, LoadHostState(host_id));
  SURVEYOR_ASSIGN_OR_RETURN(auto products, store_.HostProducts(host_id));
  auto findings = HostFindings(state, products, policy, catalog_, now);
  SURVEYOR_ASSIGN_OR_RETURN(
      auto saved,
      SaveFindings(state.host.tenant_id, HostScope(host_id), findings, now));
  Add(stats.changes, saved);
  ++stats.hosts;
  return {};
}

std::expected<void, common::Error> Engine::EvaluateCategory(
    std::int64_t tenant_id, const std::string& category, const Policy& policy,
    std::int64_t now, EvaluationStats& stats) {
  SURVEYOR_ASSIGN_OR_RETURN(auto all, store_.TenantProducts(tenant_id));
  std::vector<CategoryProduct> products;
  for (const auto& tp : all) {
    if (tp.category != category) continue;
    SURVEYOR_ASSIGN_OR_RETURN(
        auto sample,
        store_.ProductHosts(tenant_id, tp.product, kSampleHosts * 2));
    products.push_back(
        CategoryProduct{tp.product, tp.hosts, std::move(sample)});
  }
  auto findings = CategoryFindings(category, products, policy, catalog_);
  SURVEYOR_ASSIGN_OR_RETURN(
      auto saved,
      SaveFindings(tenant_id, CategoryScope(category), findings, now));
  Add(stats.changes, saved);
  ++stats.categories;
  return {};
}

std::expected<std::vector<v1::SaasLicenses>, common::Error> TenantSaasSections(
    service::Store& store, std::int64_t tenant_id) {
  SURVEYOR_ASSIGN_OR_RETURN(auto hosts, store.Hosts(tenant_id));
  std::vector<v1::SaasLicenses> sections;
  for (const auto& h : hosts) {
    if (h.retired_at > 0) continue;
    SURVEYOR_ASSIGN_OR_RETURN(auto stored, store.LoadSection(h.id, "saas"));
    if (stored && stored->section.has_saas() &&
        !stored->section.saas().connectors().empty()) {
      sections.push_back(stored->section.saas());
    }
  }
  return sections;
}

std::expected<std::vector<service::SaasClientInstall>, common::Error>
TenantSaasClients(service::Store& store, const Catalog& catalog,
                  std::int64_t tenant_id) {
  SURVEYOR_ASSIGN_OR_RETURN(auto products, store.TenantProducts(tenant_id));
  std::vector<service::SaasClientInstall> out;
  for (const auto& tp : products) {
    const v1::CatalogProduct* p = catalog.Product(tp.product);
    if (p == nullptr || p->saas_vendor().empty()) continue;
    service::SaasClientInstall install{
        p->saas_vendor(), tp.product, p->name(), tp.hosts, {}};
    SURVEYOR_ASSIGN_OR_RETURN(
        auto hosts, store.ProductHosts(tenant_id, tp.product, kSampleHosts));
    for (const auto& h : hosts) install.sample_hosts.push_back(h.hostname);
    std::sort(install.sample_hosts.begin(), install.sample_hosts.end());
    install.sample_hosts.erase(
        std::unique(install.sample_hosts.begin(), install.sample_hosts.end()),
        install.sample_hosts.end());
    out.push_back(std::move(install));
  }
  return out;
}

std::expected<service::SaasAnalysis, common::Error> AnalyseTenantSaas(
    service::Store& store, const Catalog* catalog, std::int64_t tenant_id,
    std::int64_t now, std::int64_t inactive_days) {
  SURVEYOR_ASSIGN_OR_RETURN(auto sections,
                            TenantSaasSections(store, tenant_id));
  std::vector<service::SaasClientInstall> clients;
  if (catalog != nullptr) {
    SURVEYOR_ASSIGN_OR_RETURN(clients,
                              TenantSaasClients(store, *catalog, tenant_id));
  }
  SURVEYOR_ASSIGN_OR_RETURN(auto contracts, store.Contracts(tenant_id));
  service::WasteOptions options{now, inactive_days};
  std::map<std::string, std::set<std::string>> vendor_categories;
  if (catalog != nullptr) {
    for (const auto& p : catalog->proto().products()) {
      const auto* category = catalog->Category(p.category());
      if (!p.saas_vendor().empty() && category != nullptr &&
          category->overlap()) {
        vendor_categories[p.saas_vendor()].insert(p.category());
      }
    }
    options.vendor_categories = &vendor_categories;
  }
  if (contracts) options.contracts = &*contracts;
  options.prices = &service::BuiltinPriceTable();
  return service::AnalyseSaas(sections, options, clients);
}

std::expected<void, common::Error> Engine::EvaluateSaas(
    std::int64_t tenant_id, std::int64_t now, EvaluationStats& stats) {
  SURVEYOR_ASSIGN_OR_RETURN(auto policy, EffectivePolicy(tenant_id));
  const std::int64_t inactive_days = policy.saas_inactive_days;
  SURVEYOR_ASSIGN_OR_RETURN(
      auto analysis,
      AnalyseTenantSaas(store_, &catalog_, tenant_id, now, inactive_days));
  // The day's seat counts, as of this evaluation (the last one of a day
  // stays).
  std::vector<service::SaasDayRow> days;
  for (const auto& s : analysis.subscriptions) {
    service::SaasDayRow d{s.vendor,          s.sku_id,    s.sku_name,
                          now - now % 86400, s.purchased, s.assigned,
                          s.wasted(),        std::nullopt};
    if (s.active) d.active = *s.active;
    days.push_back(std::move(d));
  }
  SURVEYOR_TRY(store_.RecordSaasDays(tenant_id, days));
  SURVEYOR_ASSIGN_OR_RETURN(
      auto saved, SaveFindings(tenant_id, std::string(kSaasScope),
                               SaasFindings(analysis, inactive_days), now));
  Add(stats.changes, saved);
  return {};
}

std::expected<EvaluationStats, common::Error> Engine::AfterIngest(
    const service::Host& host, const service::IngestStats& ingest,
    std::int64_t now) {
  EvaluationStats stats;
  bool software =
      !ingest.software_added.empty() || !ingest.software_removed.empty();
  // Browser extensions bear on a host rule whether catalogued or not.
  bool extensions = false;
  for (const auto* keys : {&ingest.software_added, &ingest.software_removed}) {
    extensions |= std::any_of(keys->begin(), keys->end(), [](const auto& k) {
      return k.source == v1::PACKAGE_SOURCE_BROWSER;
    });
  }
  bool sections = false, saas = false;
  for (const auto& c : ingest.touched_collectors) {
    sections |= c != "software" && c != "host" && c != "saas";
    saas |= c == "saas";
  }
  SURVEYOR_ASSIGN_OR_RETURN(auto policy, EffectivePolicy(host.tenant_id));
  bool was_silent =
      host.last_seen == 0 || now - host.last_seen > policy.stale_agent_s;
  bool failing = !ingest.error_collectors.empty();
  // Catalog matching is pure: an upgrade of an uncatalogued package needs
  // no transaction (and no tenant lock) at all.
  std::set<std::string> categories;
  std::vector<service::HostProduct> added;
  bool saas_clients_changed = false;  // a SaaS vendor's client came or went
  if (software) {
    added = MatchKeys(host, ingest.software_added);
    auto removed = MatchKeys(host, ingest.software_removed);
    for (const auto* list : {&added, &removed}) {
      for (const auto& p : *list) {
        // Removed keys that were catalogued count for their categories.
        categories.insert(p.category);
        const v1::CatalogProduct* product = catalog_.Product(p.product);
        saas_clients_changed |=
            product != nullptr && !product->saas_vendor().empty();
      }
    }
  }
  saas |= saas_clients_changed;
  const bool host_products_changed = !categories.empty();
  if (!host_products_changed && !sections && !was_silent && !failing && !saas &&
      !extensions) {
    return stats;
  }
  auto work = [&]() -> std::expected<void, common::Error> {
    // One tenant's findings are evaluated by one server at a time, with the
    // policy as it is once the lock is held.
    SURVEYOR_TRY(
        store_.LockUntilCommit(service::LockScope::kTenant, host.tenant_id));
    SURVEYOR_ASSIGN_OR_RETURN(policy, EffectivePolicy(host.tenant_id));
    if (host_products_changed) {
      SURVEYOR_TRY(UpdateHostProducts(host, ingest.software_removed, added,
                                      /*clear_all=*/false));
    }
    if (sections || was_silent || failing || host_products_changed ||
        extensions) {
      SURVEYOR_TRY(EvaluateHost(host.id, policy, now, stats));
    }
    for (const auto& c : categories) {
      if (!CategoryMatters(c, policy, catalog_)) continue;
      SURVEYOR_TRY(EvaluateCategory(host.tenant_id, c, policy, now, stats));
    }
    if (saas) SURVEYOR_TRY(EvaluateSaas(host.tenant_id, now, stats));
    return {};
  };
  SURVEYOR_TRY(store_.InTransaction(work));
  return stats;
}

std::expected<EvaluationStats, common::Error> Engine::EvaluateOneHost(
    const service::Host& host, std::int64_t now) {
  EvaluationStats stats;
  SURVEYOR_TRY(
      store_.InTransaction([&]() -> std::expected<void, common::Error> {
        SURVEYOR_TRY(store_.LockUntilCommit(service::LockScope::kTenant,
                                            host.tenant_id));
        SURVEYOR_ASSIGN_OR_RETURN(auto policy, EffectivePolicy(host.tenant_id));
        return EvaluateHost(host.id, policy, now, stats);
      }));
  return stats;
}

std::expected<EvaluationStats, common::Error> Engine::RemoveHost(
    const service::Host& host, std::int64_t now) {
  EvaluationStats stats;
  SURVEYOR_TRY(
      store_.InTransaction([&]() -> std::expected<void, common::Error> {
        SURVEYOR_TRY(store_.LockUntilCommit(service::LockScope::kTenant,
                                            host.tenant_id));
        SURVEYOR_ASSIGN_OR_RETURN(auto policy, EffectivePolicy(host.tenant_id));
        SURVEYOR_TRY(UpdateHostProducts(host, {}, {}, /*clear_all=*/true));
        SURVEYOR_ASSIGN_OR_RETURN(
            auto saved,
            SaveFindings(host.tenant_id, HostScope(host.id), {}, now));
        Add(stats.changes, saved);
        SURVEYOR_TRY(store_.DeleteHost(host.id));
        for (const auto& c : catalog_.proto().categories()) {
          SURVEYOR_TRY(
              EvaluateCategory(host.tenant_id, c.id(), policy, now, stats));
        }
        return {};
      }));
  return stats;
}

std::expected<EvaluationStats, common::Error> Engine::EvaluateTenant(
    std::int64_t tenant_id, std::int64_t now) {
  EvaluationStats stats;
  auto work = [&]() -> std::expected<void, common::Error> {
    SURVEYOR_TRY(
        store_.LockUntilCommit(service::LockScope::kTenant, tenant_id));
    SURVEYOR_ASSIGN_OR_RETURN(auto policy, EffectivePolicy(tenant_id));
    SURVEYOR_ASSIGN_OR_RETURN(auto hosts, store_.Hosts(tenant_id));
    for (const auto& h : hosts) {
      SURVEYOR_TRY(EvaluateHost(h.id, policy, now, stats));
    }
    for (const auto& c : catalog_.proto().categories()) {
      // Every category, so findings of a category that no longer matters
      // (a policy change) resolve too.
      SURVEYOR_TRY(EvaluateCategory(tenant_id, c.id(), policy, now, stats));
    }
    SURVEYOR_TRY(EvaluateSaas(tenant_id, now, stats));
    return {};
  };
  SURVEYOR_TRY(store_.InTransaction(work));
  return stats;
}

std::expected<EvaluationStats, common::Error> Engine::Sweep(std::int64_t now) {
  EvaluationStats stats;
  SURVEYOR_ASSIGN_OR_RETURN(auto tenants, store_.Tenants());
  for (const auto& t : tenants) {
    SURVEYOR_ASSIGN_OR_RETURN(auto policy, EffectivePolicy(t.id));
    SURVEYOR_ASSIGN_OR_RETURN(
        auto silent, store_.SilentHosts(t.id, now - policy.stale_agent_s));
    if (silent.empty()) continue;
    auto work = [&]() -> std::expected<void, common::Error> {
      // Another server sweeping the same tenant waits, then finds the
      // findings already in their new state (evaluation is idempotent).
      SURVEYOR_TRY(store_.LockUntilCommit(service::LockScope::kTenant, t.id));
      for (std::int64_t id : silent) {
        SURVEYOR_TRY(EvaluateHost(id, policy, now, stats));
      }
      return {};
    };
    SURVEYOR_TRY(store_.InTransaction(work));
  }
  return stats;
}

std::expected<EvaluationStats, common::Error> Engine::SyncCatalog(
    std::int64_t now) {
  EvaluationStats stats;
  SURVEYOR_ASSIGN_OR_RETURN(auto seen, store_.Meta(kCatalogMeta));
  if (seen == catalog_.fingerprint()) return stats;
  // One transaction under a server-wide lock: servers starting together
  // with a new catalog re-match once; the others wait, then find the
  // fingerprint stored.
  auto sync = [&]() -> std::expected<void, common::Error> {
    SURVEYOR_TRY(store_.LockUntilCommit(service::LockScope::kJob, kCatalogJob));
    SURVEYOR_ASSIGN_OR_RETURN(seen, store_.Meta(kCatalogMeta));
    if (seen == catalog_.fingerprint()) return {};
    SURVEYOR_ASSIGN_OR_RETURN(auto tenants, store_.Tenants());
    for (const auto& t : tenants) {
      SURVEYOR_TRY(store_.LockUntilCommit(service::LockScope::kTenant, t.id));
      SURVEYOR_ASSIGN_OR_RETURN(auto hosts, store_.Hosts(t.id));
      for (const auto& h : hosts) {
        SURVEYOR_ASSIGN_OR_RETURN(auto keys, store_.CurrentKeys(h.id));
        SURVEYOR_TRY(UpdateHostProducts(h, {}, MatchKeys(h, keys),
                                        /*clear_all=*/true));
      }
      SURVEYOR_ASSIGN_OR_RETURN(auto evaluated, EvaluateTenant(t.id, now));
      stats.hosts += evaluated.hosts;
      stats.categories += evaluated.categories;
      Add(stats.changes, evaluated.changes);
    }
    return store_.SetMeta(kCatalogMeta, catalog_.fingerprint());
  };
  SURVEYOR_TRY(store_.InTransaction(sync));
  return stats;
}

}  // namespace surveyor::findings
