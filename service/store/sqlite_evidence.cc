// SqliteStore: the daily record for compliance evidence (evidence_rows.h).
#include "service/store/evidence_sql.h"
#include "service/store/sqlite_store.h"

namespace surveyor::service {

using common::Blob;
using common::Error;
using common::Statement;

std::expected<std::optional<std::string>, Error>
SqliteStore::LatestControlState(std::int64_t host_id) {
  return q_.First<std::string>(
      kLatestControlStateSql,
      [](const Statement& s) { return std::string(s.ColumnBlob(0)); }, host_id);
}

std::expected<void, Error> SqliteStore::AddControlState(
    std::int64_t host_id, std::int64_t at, const std::string& state) {
  return q_.Exec(kAddControlStateSql, host_id, at, Blob{state});
}

std::expected<void, Error> SqliteStore::MarkReportDay(std::int64_t host_id,
                                                      std::int64_t day,
                                                      std::int64_t at,
                                                      std::int64_t skew) {
  return q_.Exec(kMarkReportDaySql, host_id, day, at, skew);
}

std::expected<std::vector<ControlStateRow>, Error> SqliteStore::ControlStatesAt(
    std::int64_t tenant_id, std::int64_t at) {
  return q_.List<ControlStateRow>(
      kControlStatesAtSql,
      [](const Statement& s) {
        return ControlStateRow{s.ColumnInt(0), s.ColumnInt(1),
                               std::string(s.ColumnBlob(2))};
      },
      tenant_id, at);
}

std::expected<std::vector<ReportDayRow>, Error> SqliteStore::ReportDaysAt(
    std::int64_t tenant_id, std::int64_t day) {
  return q_.List<ReportDayRow>(
      kReportDaysAtSql,
      [](const Statement& s) {
        return ReportDayRow{s.ColumnInt(0), s.ColumnInt(1), s.ColumnInt(2),
                            s.ColumnInt(3)};
      },
      tenant_id, day);
}

std::expected<void, Error> SqliteStore::SoftwareAt(
    std::int64_t tenant_id, std::int64_t at,
    const std::function<void(const SoftwareAtRow&)>& row) {
  SoftwareAtRow r;
  return q_.ForEach(
      kSoftwareAtSql,
      [&](const Statement& s) -> std::expected<void, Error> {
        r.agent_id.assign(s.ColumnText(0));
        r.source = s.ColumnInt(1);
        r.name.assign(s.ColumnText(2));
        r.arch.assign(s.ColumnText(3));
        r.version.assign(s.ColumnText(4));
        r.first_seen = s.ColumnInt(5);
        r.initial = s.ColumnInt(6) != 0;
        r.publisher.assign(s.ColumnIsNull(8) ? "" : s.ColumnText(8));
        r.installed_at = s.ColumnIsNull(9) ? 0 : s.ColumnInt(9);
        row(r);
        return {};
      },
      tenant_id, at);
}

}  // namespace surveyor::service
