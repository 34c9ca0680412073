// SqliteStore: inventory and history reads (history_rows.h).
#include "common/snapshot_delta.h"
#include "service/store/digest_sql.h"
#include "service/store/evidence_sql.h"
#include "service/store/retention_sql.h"
#include "service/store/sqlite_store.h"

namespace surveyor::service {

using common::Error;
using common::Statement;

namespace {
std::string SourceName(const Statement& s, int col) {
  return std::string(
      common::PackageSourceName(static_cast<int>(s.ColumnInt(col))));
}

// Columns: source, name, version, arch, first_seen[, hosts], display_name.
SoftwareRow ReadSoftwareRow(const Statement& s, bool with_hosts) {
  return SoftwareRow{"",
                     SourceName(s, 0),
                     std::string(s.ColumnText(1)),
                     std::string(s.ColumnText(2)),
                     std::string(s.ColumnText(3)),
                     s.ColumnInt(4),
                     with_hosts ? s.ColumnInt(5) : 1,
                     std::string(s.ColumnText(with_hosts ? 6 : 5))};
}
}  // namespace

std::expected<std::vector<SoftwareRow>, Error> SqliteStore::HostSoftware(
    std::int64_t host_id) {
  return q_.List<SoftwareRow>(
      "SELECT source, name, version, arch, first_seen, "
      "COALESCE(display_name, '') FROM software "
      "WHERE host_id = ? AND removed_at IS NULL "
      "ORDER BY source, name, arch, version",
      [](const Statement& s) { return ReadSoftwareRow(s, false); }, host_id);
}

std::expected<std::vector<SoftwareRow>, Error> SqliteStore::TenantSoftware(
    std::int64_t tenant_id) {
  return q_.List<SoftwareRow>(
      "SELECT s.source, s.name, s.version, s.arch, MIN(s.first_seen), "
      "COUNT(DISTINCT s.host_id), COALESCE(MAX(s.display_name), '') "
      "FROM software s "
      "JOIN hosts h ON h.id = s.host_id "
      "WHERE h.tenant_id = ? AND s.removed_at IS NULL "
      "GROUP BY s.source, s.name, s.version, s.arch "
      "ORDER BY s.source, s.name, s.arch, s.version",
      [](const Statement& s) { return ReadSoftwareRow(s, true); }, tenant_id);
}

std::expected<bool, Error> SqliteStore::SoftwarePresentAt(
    std::int64_t tenant_id, std::int64_t source, const std::string& name,
    std::int64_t at) {
  for (const char* sql : {kPresentCurrentSql, kPresentRemovedSql}) {
    SURVEYOR_ASSIGN_OR_RETURN(
        auto found, q_.First<bool>(
                        sql, [](const Statement&) { return true; }, tenant_id,
                        source, name, at));
    if (found) return true;
  }
  return false;
}

std::expected<std::vector<HistoryRow>, Error> SqliteStore::HistoryBetween(
    std::int64_t tenant_id, std::int64_t since, std::int64_t until) {
  return q_.List<HistoryRow>(
      "SELECT h.agent_id, h.hostname, s.source, s.name, s.arch, s.variant, "
      "s.version, s.first_seen, s.initial, s.removed_at FROM software s "
      "JOIN hosts h ON h.id = s.host_id WHERE h.tenant_id = ?1 AND "
      "((s.initial = 0 AND s.first_seen >= ?2 AND s.first_seen < ?3) OR "
      "(s.removed_at >= ?2 AND s.removed_at < ?3))",
      [](const Statement& s) {
        HistoryRow r;
        r.agent_id = std::string(s.ColumnText(0));
        r.hostname = std::string(s.ColumnText(1));
        r.key = SoftwareKey{s.ColumnInt(2), std::string(s.ColumnText(3)),
                            std::string(s.ColumnText(4)),
                            std::string(s.ColumnText(5)),
                            std::string(s.ColumnText(6))};
        r.first_seen = s.ColumnInt(7);
        r.initial = s.ColumnInt(8) != 0;
        if (!s.ColumnIsNull(9)) r.removed_at = s.ColumnInt(9);
        return r;
      },
      tenant_id, since, until);
}

std::expected<PrunedRows, Error> SqliteStore::PruneHistory(std::int64_t before,
                                                           std::int64_t limit) {
  PrunedRows pruned;
  auto changed = [&] {
    return static_cast<std::int64_t>(sqlite3_changes(db_->handle()));
  };
  SURVEYOR_TRY(
      q_.Exec("DELETE FROM software WHERE rowid IN (SELECT rowid FROM software "
              "WHERE removed_at < $1 LIMIT $2)",
              before, limit));
  pruned.software = changed();
  SURVEYOR_TRY(q_.Exec(kPruneSnapshotsSql, before, limit));
  pruned.snapshots = changed();
  SURVEYOR_TRY(q_.Exec(kPruneFindingsSql, before, limit));
  pruned.findings = changed();
  SURVEYOR_TRY(q_.Exec(kPruneSaasDaysSql, before, limit));
  pruned.saas_days = changed();
  SURVEYOR_TRY(q_.Exec(kPruneControlStatesSql, before, limit));
  pruned.evidence = changed();
  SURVEYOR_TRY(q_.Exec(kPruneReportDaysSql, before, limit));
  pruned.evidence += changed();
  return pruned;
}

}  // namespace surveyor::service
