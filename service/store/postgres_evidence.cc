// PostgresStore: the daily record for compliance evidence (evidence_rows.h).
#include "service/store/evidence_sql.h"
#include "service/store/postgres_store.h"

namespace surveyor::service {

using common::Blob;
using common::Error;
using common::PgResult;

std::expected<std::optional<std::string>, Error>
PostgresStore::LatestControlState(std::int64_t host_id) {
  return First<std::string>(
      kLatestControlStateSql,
      [](const PgResult& r, int i) { return std::string(r.Bytes(i, 0)); },
      host_id);
}

std::expected<void, Error> PostgresStore::AddControlState(
    std::int64_t host_id, std::int64_t at, const std::string& state) {
  SURVEYOR_TRY(Q(kAddControlStateSql, host_id, at, Blob{state}));
  return {};
}

std::expected<void, Error> PostgresStore::MarkReportDay(std::int64_t host_id,
                                                        std::int64_t day,
                                                        std::int64_t at,
                                                        std::int64_t skew) {
  SURVEYOR_TRY(Q(kMarkReportDaySql, host_id, day, at, skew));
  return {};
}

std::expected<std::vector<ControlStateRow>, Error>
PostgresStore::ControlStatesAt(std::int64_t tenant_id, std::int64_t at) {
  return List<ControlStateRow>(
      kControlStatesAtSql,
      [](const PgResult& r, int i) {
        return ControlStateRow{r.Int(i, 0), r.Int(i, 1),
                               std::string(r.Bytes(i, 2))};
      },
      tenant_id, at);
}

std::expected<std::vector<ReportDayRow>, Error> PostgresStore::ReportDaysAt(
    std::int64_t tenant_id, std::int64_t day) {
  return List<ReportDayRow>(
      kReportDaysAtSql,
      [](const PgResult& r, int i) {
        return ReportDayRow{r.Int(i, 0), r.Int(i, 1), r.Int(i, 2), r.Int(i, 3)};
      },
      tenant_id, day);
}

// The whole result is read before the first row is passed on (libpq's
// default); a tenant's packages fit in memory as they do for TenantSoftware.
std::expected<void, Error> PostgresStore::SoftwareAt(
    std::int64_t tenant_id, std::int64_t at,
    const std::function<void(const SoftwareAtRow&)>& row) {
  SURVEYOR_ASSIGN_OR_RETURN(auto r, Q(kSoftwareAtSql, tenant_id, at));
  SoftwareAtRow s;
  for (int i = 0; i < r.rows(); ++i) {
    s.agent_id.assign(r.Bytes(i, 0));
    s.source = r.Int(i, 1);
    s.name.assign(r.Bytes(i, 2));
    s.arch.assign(r.Bytes(i, 3));
    s.version.assign(r.Bytes(i, 4));
    s.first_seen = r.Int(i, 5);
    s.initial = r.Int(i, 6) != 0;
    s.publisher.assign(r.IsNull(i, 8) ? "" : r.Bytes(i, 8));
    s.installed_at = r.IsNull(i, 9) ? 0 : r.Int(i, 9);
    row(s);
  }
  return {};
}

}  // namespace surveyor::service
