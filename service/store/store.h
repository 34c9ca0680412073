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
// Thread-safety: a Store object is one database connection, used by one
// thread at a time; open one per thread. Several connections (in one process
// or several) may use one database: writes are serialized by the database.
#pragma once

#include <expected>
#include <functional>

#include "common/error.h"
#include "service/store/finding_rows.h"
#include "service/store/history_rows.h"
#include "service/store/host_rows.h"
#include "service/store/section_rows.h"
#include "service/store/tenant_rows.h"

namespace surveyor::service {

class Store : public TenantRows,
              public HostRows,
              public SectionRows,
              public HistoryRows,
              public FindingRows {
 public:
  ~Store() override = default;

  // Runs `work` in one write transaction: committed when it succeeds,
  // rolled back when it (or the commit) fails. Calls made by `work` join
  // it; nested calls run inside the outer transaction.
  virtual std::expected<void, common::Error> InTransaction(
      const std::function<std::expected<void, common::Error>()>& work) = 0;
};

}  // namespace surveyor::service
