// History retention statements both backends share ($1 the cutoff time,
// $2 the most rows per call; SQLite numbers "$1", "$2" in that order too).
// Software rows are pruned by each backend's own row address (rowid,
// ctid).
#pragma once

namespace surveyor::service {

// Snapshot records received before the cutoff, except each host's newest
// (the duplicate check of its latest sequence needs it).
inline constexpr const char* kPruneSnapshotsSql =
    "DELETE FROM snapshots WHERE (host_id, sequence) IN "
    "(SELECT s.host_id, s.sequence FROM snapshots s JOIN hosts h ON "
    "h.id = s.host_id WHERE s.received_at < $1 AND s.sequence < "
    "h.last_sequence LIMIT $2)";

// SaaS seat counts of days before the cutoff.
inline constexpr const char* kPruneSaasDaysSql =
    "DELETE FROM saas_days WHERE (tenant_id, vendor, sku_id, day) IN "
    "(SELECT tenant_id, vendor, sku_id, day FROM saas_days WHERE day < $1 "
    "LIMIT $2)";

inline constexpr const char* kPruneFindingsSql =
    "DELETE FROM findings WHERE id IN (SELECT id FROM findings WHERE "
    "resolved_at < $1 LIMIT $2)";

}  // namespace surveyor::service
