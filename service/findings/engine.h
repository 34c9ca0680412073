// The findings engine: keeps each host's catalogued products in step with
// its software, and re-evaluates the rules (rules.h) for exactly what an
// ingest touched: the host's own findings when its sections, products or
// silence changed, and the tenant's category findings for the categories
// whose products changed. Whole-tenant evaluation is for the CLI, policy
// changes and the periodic sweep that notices silent agents.
//
// Not thread-safe: one Engine per Store, used by the Store's thread.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "common/error.h"
#include "service/domain/licence_waste.h"
#include "service/findings/catalog.h"
#include "service/findings/policy.h"
#include "service/store/store.h"

namespace surveyor::findings {

// The latest SaaS section of each of the tenant's hosts in service that
// runs connectors.
std::expected<std::vector<v1::SaasLicenses>, common::Error> TenantSaasSections(
    service::Store& store, std::int64_t tenant_id);

// The tenant's installed desktop clients of SaaS vendors: catalog products
// with a saas_vendor, their host counts and a few host names each.
std::expected<std::vector<service::SaasClientInstall>, common::Error>
TenantSaasClients(service::Store& store, const Catalog& catalog,
                  std::int64_t tenant_id);

// The SaaS analysis of a tenant as of `now`: its SaaS sections, its SaaS
// desktop clients (with a catalog), its contracts and the built-in list
// prices. The findings engine and the `saas` report both read it here.
std::expected<service::SaasAnalysis, common::Error> AnalyseTenantSaas(
    service::Store& store, const Catalog* catalog, std::int64_t tenant_id,
    std::int64_t now, std::int64_t inactive_days);

struct EvaluationStats {
  int hosts = 0;       // Host scopes evaluated.
  int categories = 0;  // Category scopes evaluated.
  service::FindingsDelta changes;
};

class Engine {
 public:
  Engine(service::Store& store, const Catalog& catalog)
      : store_(store), catalog_(catalog) {}

  // When the catalog differs from the one the store's products were matched
  // with, re-matches every host's software and re-evaluates every tenant.
  std::expected<EvaluationStats, common::Error> SyncCatalog(std::int64_t now);

  // After `host` (as it was before the ingest) sent a snapshot with
  // `stats`. Does nothing when nothing relevant changed.
  std::expected<EvaluationStats, common::Error> AfterIngest(
      const service::Host& host, const service::IngestStats& stats,
      std::int64_t now);

  // One host's findings (after an enrollment or an admin's decision).
  std::expected<EvaluationStats, common::Error> EvaluateOneHost(
      const service::Host& host, std::int64_t now);

  // Removes a host (an admin rejected it): its catalogued products leave
  // the tenant's counts, its findings resolve, its rows go, and the
  // tenant's categories are evaluated again; one transaction.
  std::expected<EvaluationStats, common::Error> RemoveHost(
      const service::Host& host, std::int64_t now);

  // Every host and category of a tenant.
  std::expected<EvaluationStats, common::Error> EvaluateTenant(
      std::int64_t tenant_id, std::int64_t now);

  // Hosts that fell silent since they last reported, in every tenant.
  std::expected<EvaluationStats, common::Error> Sweep(std::int64_t now);

  // The tenant's policy: its stored one or the defaults.
  std::expected<v1::TenantPolicy, common::Error> TenantPolicy(
      std::int64_t tenant_id);

  // Catalogued products among `keys` on `host`.
  std::vector<service::HostProduct> MatchKeys(
      const service::Host& host,
      const std::vector<service::SoftwareKey>& keys) const;

 private:
  std::expected<void, common::Error> EvaluateHost(std::int64_t host_id,
                                                  const Policy& policy,
                                                  std::int64_t now,
                                                  EvaluationStats& stats);
  std::expected<void, common::Error> EvaluateCategory(
      std::int64_t tenant_id, const std::string& category, const Policy& policy,
      std::int64_t now, EvaluationStats& stats);
  // Licence waste and offboarding gaps (scope "saas").
  std::expected<void, common::Error> EvaluateSaas(std::int64_t tenant_id,
                                                  std::int64_t now,
                                                  EvaluationStats& stats);
  std::expected<Policy, common::Error> EffectivePolicy(std::int64_t tenant_id);
  std::expected<service::HostState, common::Error> LoadHostState(
      std::int64_t host_id);
  // Applies the finding lifecycle (service/domain/finding_lifecycle.h) to
  // the findings now true for `scope`.
  std::expected<service::FindingsDelta, common::Error> SaveFindings(
      std::int64_t tenant_id, const std::string& scope,
      const std::vector<v1::Finding>& current, std::int64_t now);
  // Drops the host's products whose package is in `removed` (all with
  // `clear_all`), adds `added`, and keeps the tenant's per-product host
  // counts.
  std::expected<void, common::Error> UpdateHostProducts(
      const service::Host& host,
      const std::vector<service::SoftwareKey>& removed,
      const std::vector<service::HostProduct>& added, bool clear_all);

  service::Store& store_;
  const Catalog& catalog_;
};

}  // namespace surveyor::findings
