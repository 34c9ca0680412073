// SqliteStore: weekly digest deliveries (digest_rows.h).
#include "service/store/digest_sql.h"
#include "service/store/sqlite_store.h"

namespace surveyor::service {

using common::Error;
using common::Statement;

std::expected<std::optional<std::int64_t>, Error> SqliteStore::ClaimDigest(
    std::int64_t tenant_id, const std::string& week, std::int64_t now,
    std::int64_t lease) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto attempts,
      q_.List<std::int64_t>(
          kClaimDigestSql, [](const Statement& s) { return s.ColumnInt(0); },
          tenant_id, week, now, lease));
  if (attempts.empty()) return std::nullopt;
  return attempts.front();
}

std::expected<void, Error> SqliteStore::FinishDigest(
    std::int64_t tenant_id, const std::string& week, std::int64_t sent_at,
    const std::string& message_id) {
  return q_.Exec(kFinishDigestSql, sent_at, message_id, tenant_id, week);
}

std::expected<void, Error> SqliteStore::FailDigest(
    std::int64_t tenant_id, const std::string& week, const std::string& error,
    std::int64_t next_attempt_at) {
  return q_.Exec(kFailDigestSql, next_attempt_at, error, tenant_id, week);
}

std::expected<std::vector<DigestSendRow>, Error> SqliteStore::DigestSends(
    std::int64_t per_tenant) {
  return q_.List<DigestSendRow>(
      kDigestSendsSql,
      [](const Statement& s) {
        DigestSendRow r;
        r.tenant_id = s.ColumnInt(0);
        r.tenant = std::string(s.ColumnText(1));
        r.week = std::string(s.ColumnText(2));
        r.state = std::string(s.ColumnText(3));
        r.attempts = s.ColumnInt(4);
        r.claimed_at = s.ColumnInt(5);
        r.next_attempt_at = s.ColumnInt(6);
        r.sent_at = s.ColumnInt(7);
        r.last_error = std::string(s.ColumnText(8));
        r.message_id = std::string(s.ColumnText(9));
        return r;
      },
      per_tenant);
}

}  // namespace surveyor::service
