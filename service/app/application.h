// The server's use cases, written once for every caller: the HTTP API
// (service/api/), the admin CLI (service/*_commands.cc) and timers (the
// silent-agent sweep). Each combines the storage rows, the domain rules and
// the findings engine; none knows about HTTP or terminals.
//
// Errors: as Accounts and Ingestor, plus kNotFound for an unknown tenant or
// host and kInvalidArgument for a bad policy (the message names
// file:line:column). Storage errors pass through.
//
// Thread-safety: one Application per Store (per thread).
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "service/app/accounts.h"
#include "service/app/ingest.h"
#include "service/domain/licence_waste.h"
#include "service/findings/catalog.h"
#include "service/findings/engine.h"
#include "service/store/store.h"

namespace surveyor::service {

using Clock = std::function<std::int64_t()>;  // Seconds since the epoch.

// A tenant's products: catalogued ones with host counts, and what no
// catalog product claims.
struct ProductsView {
  struct Product {
    std::string id, name, vendor, category;
    std::int64_t hosts = 0;
  };
  std::vector<Product> catalogued;
  std::vector<UncataloguedRow> uncatalogued;
};

struct PolicyView {
  v1::TenantPolicy policy;  // The stored one, or the defaults.
  bool is_default = false;
};

struct ContractsView {
  v1::SaasContracts contracts;       // empty when none were set
  const v1::SaasPriceTable* prices;  // the list prices used without one
};

class Application {
 public:
  // Without a catalog there is no findings engine: ingest does not evaluate
  // findings and the findings use cases answer kUnsupported.
  Application(Store& store, const findings::Catalog* catalog, Clock clock);

  Accounts& accounts() { return accounts_; }
  Store& store() { return store_; }
  std::int64_t Now() const { return clock_(); }

  // --- Agents ---------------------------------------------------------------
  // Enrolls (Accounts::Enroll); a conflicting enrollment's
  // duplicate-identity finding is raised at once.
  std::expected<Enrolled, common::Error> Enroll(
      const v1::EnrollRequest& request);
  // Stores the snapshot (Ingestor::Ingest), then re-evaluates what it
  // touched. A findings failure after the snapshot is stored is logged, not
  // returned: the next evaluation repairs it.
  std::expected<v1::SubmitResponse, common::Error> Submit(
      const Host& host, const v1::Snapshot& snapshot, std::size_t wire_bytes,
      const std::string& digest);

  // Writes one small row (meta "write_probe"): whether the store accepts
  // writes now (read-only database or file system, full disk, lost
  // connection). Used at start and by /readyz.
  std::expected<void, common::Error> ProbeWrites();

  // --- Host lifecycle (admin) -----------------------------------------------
  // Accepts a host that enrolled with another host's machine id: both stay,
  // as distinct machines (cloned ones), or with `retire_previous` the one it
  // conflicted with is retired (a reinstalled machine).
  std::expected<Host, common::Error> AcceptHost(const Tenant& tenant,
                                                const std::string& agent_id,
                                                bool retire_previous);
  // Rejects it: the host and its data go, its identity key is refused from
  // now on. Returns the removed host.
  std::expected<Host, common::Error> RejectHost(const Tenant& tenant,
                                                const std::string& agent_id);
  // Retires a decommissioned host (or with `retired` false puts it back):
  // no silent-agent finding, history kept.
  std::expected<Host, common::Error> RetireHost(const Tenant& tenant,
                                                const std::string& agent_id,
                                                bool retired);

  // --- Reads ----------------------------------------------------------------
  std::expected<Tenant, common::Error> RequireTenant(const std::string& name);
  std::expected<Host, common::Error> RequireHost(const std::string& agent_id);
  std::expected<std::vector<Change>, common::Error> Changes(
      std::int64_t tenant_id, std::int64_t since, std::int64_t until);
  std::expected<std::vector<v1::Finding>, common::Error> Findings(
      std::int64_t tenant_id, bool open_only);
  std::expected<ProductsView, common::Error> Products(std::int64_t tenant_id);
  std::expected<PolicyView, common::Error> ShowPolicy(std::int64_t tenant_id);
  // Licence waste and offboarding gaps from the SaaS sections of the
  // tenant's hosts in service (service/domain/licence_waste.h).
  // `inactive_days` nullopt: the tenant policy's saas_inactive_days.
  std::expected<SaasAnalysis, common::Error> Saas(
      std::int64_t tenant_id, std::optional<std::int64_t> inactive_days);
  // Seat counts per subscription and day, from `since` to `until`.
  std::expected<std::vector<SaasDayRow>, common::Error> SaasHistory(
      std::int64_t tenant_id, std::int64_t since, std::int64_t until);
  std::expected<ContractsView, common::Error> ShowContracts(
      std::int64_t tenant_id);

  // --- Findings upkeep -------------------------------------------------------
  // Parses `text` (named `source` in errors), stores it and re-evaluates the
  // tenant.
  std::expected<findings::EvaluationStats, common::Error> SetPolicy(
      std::int64_t tenant_id, const std::string& text,
      const std::string& source);
  // The same for the tenant's SaaS contracts (a SaasContracts textproto).
  std::expected<findings::EvaluationStats, common::Error> SetContracts(
      std::int64_t tenant_id, const std::string& text,
      const std::string& source);
  // Re-matches everything when the catalog changed since the store last saw
  // it, then looks for silent agents: what the CLI does before it reads.
  std::expected<findings::EvaluationStats, common::Error> Refresh();
  std::expected<findings::EvaluationStats, common::Error> SyncCatalog();
  std::expected<findings::EvaluationStats, common::Error> Sweep();

  // --- Retention -------------------------------------------------------------
  // Deletes history that ended more than `days` days ago (software rows removed
  // then, snapshot records, resolved findings; see HistoryRows::PruneHistory)
  // in batches of `batch` rows per kind, each its own transaction so other
  // writes interleave, at most `max_batches`. `more` says another call has work
  // left.
  struct Pruned {
    PrunedRows rows;
    std::int64_t before = 0;  // the cutoff, seconds since the epoch
    bool more = false;
  };
  std::expected<Pruned, common::Error> PruneHistory(std::int64_t days,
                                                    int max_batches = 20,
                                                    std::int64_t batch = 5000);

  const findings::Catalog* catalog() const { return catalog_; }

 private:
  std::expected<findings::Engine*, common::Error> RequireEngine();
  std::expected<Host, common::Error> TenantHost(const Tenant& tenant,
                                                const std::string& agent_id);
  // Re-evaluates `agent_id`'s findings when there is an engine.
  std::expected<Host, common::Error> Reevaluate(const std::string& agent_id);

  Store& store_;
  const findings::Catalog* catalog_;
  Clock clock_;
  Accounts accounts_;
  Ingestor ingestor_;
  std::optional<findings::Engine> engine_;
};

}  // namespace surveyor::service
