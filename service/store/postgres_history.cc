// PostgresStore: inventory and history reads (history_rows.h).
#include "common/snapshot_delta.h"
#include "service/store/digest_sql.h"
#include "service/store/evidence_sql.h"
#include "service/store/postgres_store.h"
#include "service/store/retention_sql.h"

namespace surveyor::service {

using common::Error;
using common::PgResult;

namespace {
// Columns: source, name, version, arch, first_seen[, hosts], display_name.
SoftwareRow ReadSoftwareRow(const PgResult& r, int i, bool with_hosts) {
  return SoftwareRow{
      "",
      std::string(common::PackageSourceName(static_cast<int>(r.Int(i, 0)))),
      std::string(r.Bytes(i, 1)),
      std::string(r.Bytes(i, 2)),
      std::string(r.Bytes(i, 3)),
      r.Int(i, 4),
      with_hosts ? r.Int(i, 5) : 1,
      std::string(r.Bytes(i, with_hosts ? 6 : 5))};
}
}  // namespace

std::expected<std::vector<SoftwareRow>, Error> PostgresStore::HostSoftware(
    std::int64_t host_id) {
  return List<SoftwareRow>(
      "SELECT source, name, version, arch, first_seen, "
      "COALESCE(display_name, '') FROM software "
      "WHERE host_id = $1 AND removed_at IS NULL "
      "ORDER BY source, name, arch, version",
      [](const PgResult& r, int i) { return ReadSoftwareRow(r, i, false); },
      host_id);
}

std::expected<std::vector<SoftwareRow>, Error> PostgresStore::TenantSoftware(
    std::int64_t tenant_id) {
  return List<SoftwareRow>(
      "SELECT s.source, s.name, s.version, s.arch, MIN(s.first_seen), "
      "COUNT(DISTINCT s.host_id), COALESCE(MAX(s.display_name), '') "
      "FROM software s "
      "JOIN hosts h ON h.id = s.host_id "
      "WHERE h.tenant_id = $1 AND s.removed_at IS NULL "
      "GROUP BY s.source, s.name, s.version, s.arch "
      "ORDER BY s.source, s.name, s.arch, s.version",
      [](const PgResult& r, int i) { return ReadSoftwareRow(r, i, true); },
      tenant_id);
}

std::expected<bool, Error> PostgresStore::SoftwarePresentAt(
    std::int64_t tenant_id, std::int64_t source, const std::string& name,
    std::int64_t at) {
  for (const char* sql : {kPresentCurrentSql, kPresentRemovedSql}) {
    SURVEYOR_ASSIGN_OR_RETURN(auto r, Q(sql, tenant_id, source, name, at));
    if (r.rows() > 0) return true;
  }
  return false;
}

std::expected<std::vector<HistoryRow>, Error> PostgresStore::HistoryBetween(
    std::int64_t tenant_id, std::int64_t since, std::int64_t until) {
  return List<HistoryRow>(
      "SELECT h.agent_id, h.hostname, s.source, s.name, s.arch, s.variant, "
      "s.version, s.first_seen, s.initial, s.removed_at FROM software s "
      "JOIN hosts h ON h.id = s.host_id WHERE h.tenant_id = $1 AND "
      "((NOT s.initial AND s.first_seen >= $2 AND s.first_seen < $3) OR "
      "(s.removed_at >= $2 AND s.removed_at < $3))",
      [](const PgResult& r, int i) {
        HistoryRow row;
        row.agent_id = std::string(r.Bytes(i, 0));
        row.hostname = std::string(r.Bytes(i, 1));
        row.key = SoftwareKey{
            r.Int(i, 2), std::string(r.Bytes(i, 3)), std::string(r.Bytes(i, 4)),
            std::string(r.Bytes(i, 5)), std::string(r.Bytes(i, 6))};
        row.first_seen = r.Int(i, 7);
        row.initial = r.Int(i, 8) != 0;
        if (!r.IsNull(i, 9)) row.removed_at = r.Int(i, 9);
        return row;
      },
      tenant_id, since, until);
}

std::expected<PrunedRows, Error> PostgresStore::PruneHistory(
    std::int64_t before, std::int64_t limit) {
  PrunedRows pruned;
  SURVEYOR_ASSIGN_OR_RETURN(
      auto software,
      Q("DELETE FROM software WHERE ctid IN (SELECT ctid FROM software "
        "WHERE removed_at < $1 LIMIT $2)",
        before, limit));
  pruned.software = software.affected();
  SURVEYOR_ASSIGN_OR_RETURN(auto snapshots,
                            Q(kPruneSnapshotsSql, before, limit));
  pruned.snapshots = snapshots.affected();
  SURVEYOR_ASSIGN_OR_RETURN(auto findings, Q(kPruneFindingsSql, before, limit));
  pruned.findings = findings.affected();
  SURVEYOR_ASSIGN_OR_RETURN(auto days, Q(kPruneSaasDaysSql, before, limit));
  pruned.saas_days = days.affected();
  SURVEYOR_ASSIGN_OR_RETURN(auto states,
                            Q(kPruneControlStatesSql, before, limit));
  SURVEYOR_ASSIGN_OR_RETURN(auto reports,
                            Q(kPruneReportDaysSql, before, limit));
  pruned.evidence = states.affected() + reports.affected();
  return pruned;
}

}  // namespace surveyor::service
