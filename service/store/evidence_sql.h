// Statements of the evidence area (evidence_rows.h) both backends share.
// Each "$N" first appears in increasing order: SQLite numbers them by
// position of first use.
#pragma once

namespace surveyor::service {

inline constexpr const char* kLatestControlStateSql =
    "SELECT state FROM control_states WHERE host_id = $1 "
    "ORDER BY at DESC LIMIT 1";

inline constexpr const char* kAddControlStateSql =
    "INSERT INTO control_states (host_id, at, state) VALUES ($1, $2, $3) "
    "ON CONFLICT (host_id, at) DO UPDATE SET state = excluded.state";

inline constexpr const char* kMarkReportDaySql =
    "INSERT INTO report_days (host_id, day, first_at, skew) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (host_id, day) DO NOTHING";

// One primary-key seek per host for the newest row at or before $2.
inline constexpr const char* kControlStatesAtSql =
    "SELECT h.id, c.at, c.state FROM hosts h JOIN control_states c "
    "ON c.host_id = h.id WHERE h.tenant_id = $1 AND c.at = (SELECT MAX(at) "
    "FROM control_states WHERE host_id = h.id AND at <= $2) ORDER BY h.id";

inline constexpr const char* kReportDaysAtSql =
    "SELECT h.id, r.day, r.first_at, r.skew FROM hosts h JOIN report_days r "
    "ON r.host_id = h.id WHERE h.tenant_id = $1 AND r.day = (SELECT MAX(day) "
    "FROM report_days WHERE host_id = h.id AND day <= $2) ORDER BY h.id";

// Current rows through the partial index of current software, rows removed
// since through the index on removal times.
inline constexpr const char* kSoftwareAtSql =
    "SELECT h.agent_id, s.source, s.name, s.arch, s.version, s.first_seen, "
    "s.initial, s.variant, s.publisher, s.installed_at FROM hosts h "
    "JOIN software s ON s.host_id = h.id "
    "WHERE h.tenant_id = $1 AND s.removed_at IS NULL AND s.first_seen <= $2 "
    "UNION ALL "
    "SELECT h.agent_id, s.source, s.name, s.arch, s.version, s.first_seen, "
    "s.initial, s.variant, s.publisher, s.installed_at FROM software s "
    "JOIN hosts h ON h.id = s.host_id "
    "WHERE h.tenant_id = $1 AND s.removed_at > $2 AND s.first_seen <= $2 "
    "ORDER BY 1, 2, 3, 4, 5, 8";

// Retention ($1 the cutoff time, $2 the most rows): states superseded
// before the cutoff, and report days before it, each host's newest kept
// (what a day after the cutoff carries forward).
inline constexpr const char* kPruneControlStatesSql =
    "DELETE FROM control_states WHERE (host_id, at) IN (SELECT c.host_id, "
    "c.at FROM control_states c WHERE c.at < $1 AND EXISTS (SELECT 1 FROM "
    "control_states n WHERE n.host_id = c.host_id AND n.at > c.at AND "
    "n.at < $1) LIMIT $2)";
inline constexpr const char* kPruneReportDaysSql =
    "DELETE FROM report_days WHERE (host_id, day) IN (SELECT r.host_id, "
    "r.day FROM report_days r WHERE r.day < $1 / 86400 AND EXISTS (SELECT 1 "
    "FROM report_days n WHERE n.host_id = r.host_id AND n.day > r.day AND "
    "n.day < $1 / 86400) LIMIT $2)";

}  // namespace surveyor::service
