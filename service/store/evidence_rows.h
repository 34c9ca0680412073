// The daily record compliance evidence reads: each host's control state
// (stored only when it changes) and the days on which it reported, with the
// agent's clock skew that day. What "changed" means and what the state holds
// are service/evidence/control_state.h's; this is storage only.
//
// Transactions: writes join the ingest's transaction; reads are read-only.
// Errors: kInternal for a storage failure.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"

namespace surveyor::service {

// The meta key holding the retention cutoff (seconds): days before it are
// no longer answerable.
inline constexpr const char* kEvidenceRetainedSinceKey =
    "evidence_retained_since";

struct ControlStateRow {
  std::int64_t host_id = 0;
  std::int64_t at = 0;
  std::string state;  // serialized v1::ControlState
};

struct ReportDayRow {
  std::int64_t host_id = 0;
  std::int64_t day = 0;  // days since 1970-01-01 UTC
  std::int64_t first_at = 0;
  std::int64_t skew = 0;  // seconds, server clock minus agent clock
};

// A package a host had at some instant.
struct SoftwareAtRow {
  std::string agent_id;
  std::int64_t source = 0;
  std::string name;
  std::string arch;
  std::string version;
  std::int64_t first_seen = 0;
  bool initial = false;           // part of the host's first inventory
  std::string publisher;          // as the package manager tells; may be empty
  std::int64_t installed_at = 0;  // ditto; 0: not recorded
};

class EvidenceRows {
 public:
  virtual ~EvidenceRows() = default;

  // The host's newest stored state (serialized), or nullopt.
  virtual std::expected<std::optional<std::string>, common::Error>
  LatestControlState(std::int64_t host_id) = 0;
  // Stores `state` as of `at` (replacing one stored at the same second).
  virtual std::expected<void, common::Error> AddControlState(
      std::int64_t host_id, std::int64_t at, const std::string& state) = 0;
  // Records that the host reported on `day` (the first report of a day
  // wins; later ones change nothing).
  virtual std::expected<void, common::Error> MarkReportDay(
      std::int64_t host_id, std::int64_t day, std::int64_t at,
      std::int64_t skew) = 0;

  // For each host of the tenant, its newest state stored at or before `at`
  // (hosts without one are left out).
  virtual std::expected<std::vector<ControlStateRow>, common::Error>
  ControlStatesAt(std::int64_t tenant_id, std::int64_t at) = 0;
  // For each host of the tenant, its newest report day at or before `day`.
  virtual std::expected<std::vector<ReportDayRow>, common::Error> ReportDaysAt(
      std::int64_t tenant_id, std::int64_t day) = 0;
  // The packages the tenant's hosts had at `at`, by agent id then package,
  // passed to `row` one at a time.
  virtual std::expected<void, common::Error> SoftwareAt(
      std::int64_t tenant_id, std::int64_t at,
      const std::function<void(const SoftwareAtRow&)>& row) = 0;
};

}  // namespace surveyor::service
