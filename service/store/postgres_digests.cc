// PostgresStore: weekly digest deliveries (digest_rows.h).
#include "service/store/digest_sql.h"
#include "service/store/postgres_store.h"

namespace surveyor::service {

using common::Error;

std::expected<std::optional<std::int64_t>, Error> PostgresStore::ClaimDigest(
    std::int64_t tenant_id, const std::string& week, std::int64_t now,
    std::int64_t lease) {
  SURVEYOR_ASSIGN_OR_RETURN(auto r,
                            Q(kClaimDigestSql, tenant_id, week, now, lease));
  if (r.rows() == 0) return std::nullopt;
  return r.Int(0, 0);
}

std::expected<void, Error> PostgresStore::FinishDigest(
    std::int64_t tenant_id, const std::string& week, std::int64_t sent_at,
    const std::string& message_id) {
  SURVEYOR_TRY(Q(kFinishDigestSql, sent_at, message_id, tenant_id, week));
  return {};
}

std::expected<void, Error> PostgresStore::FailDigest(
    std::int64_t tenant_id, const std::string& week, const std::string& error,
    std::int64_t next_attempt_at) {
  SURVEYOR_TRY(Q(kFailDigestSql, next_attempt_at, error, tenant_id, week));
  return {};
}

std::expected<std::vector<DigestSendRow>, Error> PostgresStore::DigestSends(
    std::int64_t per_tenant) {
  SURVEYOR_ASSIGN_OR_RETURN(auto r, Q(kDigestSendsSql, per_tenant));
  std::vector<DigestSendRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    DigestSendRow d;
    d.tenant_id = r.Int(i, 0);
    d.tenant = std::string(r.Bytes(i, 1));
    d.week = std::string(r.Bytes(i, 2));
    d.state = std::string(r.Bytes(i, 3));
    d.attempts = r.Int(i, 4);
    d.claimed_at = r.Int(i, 5);
    d.next_attempt_at = r.Int(i, 6);
    d.sent_at = r.Int(i, 7);
    d.last_error = std::string(r.Bytes(i, 8));
    d.message_id = std::string(r.Bytes(i, 9));
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace surveyor::service
