// Reads of the software inventory and its history for the API: a host's
// installed software, a tenant's with host counts, and the history rows that
// began or ended in a window (paired into upgrades by
// service/domain/change_pairing.h).
//
// Transactions: read-only; each call sees one consistent snapshot of the
// database.
// Errors: kInternal for a storage failure.
#pragma once

#include <cstdint>
#include <expected>
#include <vector>

#include "common/error.h"
#include "service/store/rows.h"

namespace surveyor::service {

class HistoryRows {
 public:
  virtual ~HistoryRows() = default;

  virtual std::expected<std::vector<SoftwareRow>, common::Error> HostSoftware(
      std::int64_t host_id) = 0;
  virtual std::expected<std::vector<SoftwareRow>, common::Error> TenantSoftware(
      std::int64_t tenant_id) = 0;
  // Rows not part of a first inventory installed in [since, until), and rows
  // removed in [since, until).
  virtual std::expected<std::vector<HistoryRow>, common::Error> HistoryBetween(
      std::int64_t tenant_id, std::int64_t since, std::int64_t until) = 0;

  // Whether some host of the tenant had package `name` of `source` at
  // instant `at`: a row first seen before it and not removed by then.
  virtual std::expected<bool, common::Error> SoftwarePresentAt(
      std::int64_t tenant_id, std::int64_t source, const std::string& name,
      std::int64_t at) = 0;

  // Retention (a write, unlike the rest of this area): deletes at most
  // `limit` rows of each kind that ended before `before` — software rows
  // removed then, snapshot records received then (each host's newest is
  // kept, for duplicate detection), findings resolved then, evidence
  // control states superseded then and report days before then (each
  // host's newest kept, as what the next day carries). Current software,
  // open findings and sections are never touched. Returns how
  // many rows went; fewer than `limit` of every kind means none is left.
  virtual std::expected<PrunedRows, common::Error> PruneHistory(
      std::int64_t before, std::int64_t limit) = 0;
};

}  // namespace surveyor::service
