// The digest's statements (digest_sends, and what software a tenant had at
// an instant), the same text on both backends ($N
// parameters; SQLite numbers "$N" names in order of first appearance, so
// each statement's parameters appear in increasing order). One statement each,
// so a claim is atomic against every other server: the upsert either creates
// the row or takes it over when its WHERE allows, and RETURNING says which
// happened.
#pragma once

namespace surveyor::service {

// $1 tenant, $2 week, $3 now, $4 lease seconds.
inline constexpr const char* kClaimDigestSql =
    "INSERT INTO digest_sends (tenant_id, week, state, attempts, claimed_at, "
    "next_attempt_at, sent_at, last_error, message_id) "
    "VALUES ($1, $2, 'sending', 1, $3, 0, 0, '', '') "
    "ON CONFLICT (tenant_id, week) DO UPDATE SET state = 'sending', "
    "attempts = digest_sends.attempts + 1, claimed_at = excluded.claimed_at "
    "WHERE (digest_sends.state = 'failed' AND "
    "digest_sends.next_attempt_at <= excluded.claimed_at) OR "
    "(digest_sends.state = 'sending' AND "
    "digest_sends.claimed_at <= excluded.claimed_at - $4) "
    "RETURNING attempts";

// $1 sent at, $2 message id, $3 tenant, $4 week.
inline constexpr const char* kFinishDigestSql =
    "UPDATE digest_sends SET state = 'sent', sent_at = $1, message_id = $2, "
    "last_error = '' WHERE tenant_id = $3 AND week = $4";

// $1 next attempt (0: abandoned), $2 error, $3 tenant, $4 week.
inline constexpr const char* kFailDigestSql =
    "UPDATE digest_sends SET state = CASE WHEN $1 = 0 THEN 'abandoned' ELSE "
    "'failed' END, last_error = $2, next_attempt_at = $1 "
    "WHERE tenant_id = $3 AND week = $4";

// $1 rows per tenant.
inline constexpr const char* kDigestSendsSql =
    "SELECT d.tenant_id, t.name, d.week, d.state, d.attempts, d.claimed_at, "
    "d.next_attempt_at, d.sent_at, d.last_error, d.message_id FROM "
    "(SELECT *, ROW_NUMBER() OVER (PARTITION BY tenant_id ORDER BY week "
    "DESC) AS n FROM digest_sends) d JOIN tenants t ON t.id = d.tenant_id "
    "WHERE d.n <= $1 ORDER BY t.name, d.week DESC";

// SoftwarePresentAt, in two parts so each uses an index: rows still
// installed (software_current, per host of the tenant) and rows removed at
// or after the instant (software_removed_at). $1 tenant, $2 source, $3 name,
// $4 instant.
inline constexpr const char* kPresentCurrentSql =
    "SELECT 1 FROM hosts h JOIN software s ON s.host_id = h.id "
    "WHERE h.tenant_id = $1 AND s.source = $2 AND s.name = $3 AND "
    "s.removed_at IS NULL AND s.first_seen < $4 LIMIT 1";
inline constexpr const char* kPresentRemovedSql =
    "SELECT 1 FROM software s JOIN hosts h ON h.id = s.host_id "
    "WHERE h.tenant_id = $1 AND s.source = $2 AND s.name = $3 AND "
    "s.removed_at >= $4 AND s.first_seen < $4 LIMIT 1";

}  // namespace surveyor::service
