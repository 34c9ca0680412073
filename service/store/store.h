// The server's storage interface: row-level operations grouped by area, and
// transactions. It holds no domain logic: credentials are minted and
// compared in service/domain/credentials.h, ingest is planned in
// service/domain/ingest_plan.h, findings follow
// service/domain/finding_lifecycle.h, and the use cases that combine them
// are service/app/. A second backend implements this interface and nothing
// above it changes.
//
//   tenant_rows.h   tenants, enrollment secrets' and API tokens' hashes
//   host_rows.h     hosts, node keys' hashes, delivered snapshots
//   section_rows.h  latest section per host and collector, software history
//   history_rows.h  inventory and history reads for the API
//   finding_rows.h  products, findings, policies, server-wide values
//
// Open one through OpenStore() (store_factory.h).
//
// Thread-safety: a Store object is used by one thread at a time; open one
// per thread. Several Stores (in one process or in several servers) may use
// one database: the use cases serialize what must not interleave with
// LockUntilCommit.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>

#include "common/error.h"
#include "service/store/digest_rows.h"
#include "service/store/evidence_rows.h"
#include "service/store/finding_rows.h"
#include "service/store/history_rows.h"
#include "service/store/host_rows.h"
#include "service/store/section_rows.h"
#include "service/store/tenant_rows.h"

namespace surveyor::service {

// What LockUntilCommit serializes.
enum class LockScope {
  kHost = 1,    // One host's ingest (its sections, history, snapshots).
  kTenant = 2,  // One tenant's findings and product counts.
  kJob = 3,     // A server-wide job by number: 1 catalog sync, 2 retention.
};

class Store : public TenantRows,
              public HostRows,
              public SectionRows,
              public HistoryRows,
              public FindingRows,
              public DigestRows,
              public EvidenceRows {
 public:
  ~Store() override = default;

  // Runs `work` in one write transaction: committed when it succeeds,
  // rolled back when it (or the commit) fails. Calls made by `work` join
  // it; nested calls run inside the outer transaction.
  virtual std::expected<void, common::Error> InTransaction(
      const std::function<std::expected<void, common::Error>()>& work) = 0;

  // Holds an exclusive lock on (scope, id) until the enclosing
  // InTransaction ends, against every connection of every server on the
  // database; a second holder waits. Call only inside InTransaction, and
  // take kJob before kTenant before kHost. The SQLite store's write
  // transaction already excludes every other writer, so there it does
  // nothing.
  virtual std::expected<void, common::Error> LockUntilCommit(
      LockScope scope, std::int64_t id) = 0;
};

}  // namespace surveyor::service
