// PostgresStore: hosts, node keys and delivered snapshots (host_rows.h).
#include "service/store/postgres_store.h"

namespace surveyor::service {

using common::Blob;
using common::Error;
using common::PgResult;

namespace {
#define SURVEYOR_PG_HOST_SELECT                                              \
  "SELECT h.id, h.tenant_id, t.name, h.agent_id, h.machine_id, h.hostname, " \
  "h.os, h.enrolled_at, h.last_seen, h.last_sequence, h.node_key_hash, "     \
  "h.public_key, h.proof_ms, h.conflicts_with, h.retired_at "                \
  "FROM hosts h JOIN tenants t ON t.id = h.tenant_id "

std::optional<Blob> OptionalBlob(const std::string& bytes) {
  if (bytes.empty()) return std::nullopt;
  return Blob{bytes};
}

Host ReadHost(const PgResult& r, int i) {
  return Host{r.Int(i, 0),
              r.Int(i, 1),
              std::string(r.Bytes(i, 2)),
              std::string(r.Bytes(i, 3)),
              std::string(r.Bytes(i, 4)),
              std::string(r.Bytes(i, 5)),
              std::string(r.Bytes(i, 6)),
              r.Int(i, 7),
              r.Int(i, 8),
              static_cast<std::uint64_t>(r.Int(i, 9)),
              std::string(r.Bytes(i, 11)),
              r.Int(i, 12),
              std::string(r.Bytes(i, 13)),
              r.Int(i, 14)};
}
}  // namespace

std::expected<std::int64_t, Error> PostgresStore::InsertHost(
    const Host& host, const std::string& key_hash, std::int64_t now) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto r, Q("INSERT INTO hosts (tenant_id, agent_id, machine_id, "
                "hostname, node_key_hash, enrolled_at, public_key, proof_ms, "
                "conflicts_with) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                "RETURNING id",
                host.tenant_id, host.agent_id, host.machine_id, host.hostname,
                Blob{key_hash}, now, OptionalBlob(host.public_key),
                host.proof_ms, host.conflicts_with));
  return r.Int(0, 0);
}

std::expected<void, Error> PostgresStore::SetNodeKey(
    std::int64_t host_id, const std::string& key_hash,
    const std::string& hostname, const std::string& public_key,
    std::int64_t proof_ms) {
  SURVEYOR_TRY(
      Q("UPDATE hosts SET node_key_hash = $1, hostname = $2, "
        "public_key = $3, proof_ms = $4 WHERE id = $5",
        Blob{key_hash}, hostname, OptionalBlob(public_key), proof_ms, host_id));
  return {};
}

std::expected<std::vector<Host>, Error> PostgresStore::HostsByMachineId(
    std::int64_t tenant_id, const std::string& machine_id) {
  return List<Host>(SURVEYOR_PG_HOST_SELECT
                    "WHERE h.tenant_id = $1 AND h.machine_id = $2 "
                    "ORDER BY h.enrolled_at, h.id",
                    ReadHost, tenant_id, machine_id);
}

std::expected<std::optional<Host>, Error> PostgresStore::HostByPublicKey(
    std::int64_t tenant_id, const std::string& public_key) {
  return First<Host>(SURVEYOR_PG_HOST_SELECT
                     "WHERE h.tenant_id = $1 AND h.public_key = $2",
                     ReadHost, tenant_id, Blob{public_key});
}

std::expected<void, Error> PostgresStore::SetConflict(
    std::int64_t host_id, const std::string& conflicts_with) {
  SURVEYOR_TRY(Q("UPDATE hosts SET conflicts_with = $1 WHERE id = $2",
                 conflicts_with, host_id));
  return {};
}

std::expected<void, Error> PostgresStore::SetRetired(std::int64_t host_id,
                                                     std::int64_t retired_at) {
  SURVEYOR_TRY(
      Q("UPDATE hosts SET retired_at = $1 WHERE id = $2",
        retired_at > 0 ? std::optional<std::int64_t>(retired_at) : std::nullopt,
        host_id));
  return {};
}

std::expected<void, Error> PostgresStore::DeleteHost(std::int64_t host_id) {
  // The host's row first: an ingest that already updated it commits before
  // its rows are deleted here, and one that has not finds it gone
  // (TouchHost) and rolls back. Either way no rows of it are left behind.
  SURVEYOR_TRY(Q("SELECT id FROM hosts WHERE id = $1 FOR UPDATE", host_id));
  SURVEYOR_TRY(Q("DELETE FROM snapshots WHERE host_id = $1", host_id));
  SURVEYOR_TRY(Q("DELETE FROM sections WHERE host_id = $1", host_id));
  SURVEYOR_TRY(Q("DELETE FROM software WHERE host_id = $1", host_id));
  SURVEYOR_TRY(Q("DELETE FROM control_states WHERE host_id = $1", host_id));
  SURVEYOR_TRY(Q("DELETE FROM report_days WHERE host_id = $1", host_id));
  SURVEYOR_TRY(Q("DELETE FROM host_products WHERE host_id = $1", host_id));
  SURVEYOR_TRY(Q("DELETE FROM findings WHERE scope = $1",
                 "host:" + std::to_string(host_id)));
  SURVEYOR_TRY(Q("DELETE FROM hosts WHERE id = $1", host_id));
  return {};
}

std::expected<void, Error> PostgresStore::RejectKey(
    std::int64_t tenant_id, const std::string& public_key,
    const std::string& agent_id, std::int64_t now) {
  SURVEYOR_TRY(
      Q("INSERT INTO rejected_keys (tenant_id, public_key, agent_id, "
        "rejected_at) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (tenant_id, public_key) DO UPDATE SET "
        "agent_id = EXCLUDED.agent_id, "
        "rejected_at = EXCLUDED.rejected_at",
        tenant_id, Blob{public_key}, agent_id, now));
  return {};
}

std::expected<bool, Error> PostgresStore::KeyRejected(
    std::int64_t tenant_id, const std::string& public_key) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto r, Q("SELECT 1 FROM rejected_keys WHERE tenant_id = $1 AND "
                "public_key = $2",
                tenant_id, Blob{public_key}));
  return r.rows() > 0;
}

std::expected<std::optional<HostWithKey>, Error> PostgresStore::HostByKeyHash(
    const std::string& hash) {
  return First<HostWithKey>(
      SURVEYOR_PG_HOST_SELECT "WHERE h.node_key_hash = $1",
      [](const PgResult& r, int i) {
        return HostWithKey{ReadHost(r, i), std::string(r.Bytes(i, 10))};
      },
      Blob{hash});
}

std::expected<std::optional<Host>, Error> PostgresStore::HostByAgentId(
    const std::string& agent_id) {
  return First<Host>(SURVEYOR_PG_HOST_SELECT "WHERE h.agent_id = $1", ReadHost,
                     agent_id);
}

std::expected<std::optional<Host>, Error> PostgresStore::HostById(
    std::int64_t host_id) {
  return First<Host>(SURVEYOR_PG_HOST_SELECT "WHERE h.id = $1", ReadHost,
                     host_id);
}

std::expected<std::vector<Host>, Error> PostgresStore::Hosts(
    std::int64_t tenant_id) {
  return List<Host>(SURVEYOR_PG_HOST_SELECT
                    "WHERE h.tenant_id = $1 ORDER BY h.hostname, h.agent_id",
                    ReadHost, tenant_id);
}

std::expected<std::vector<std::int64_t>, Error> PostgresStore::SilentHosts(
    std::int64_t tenant_id, std::int64_t before) {
  return List<std::int64_t>(
      "SELECT id FROM hosts WHERE tenant_id = $1 AND last_seen < $2 "
      "AND retired_at IS NULL",
      [](const PgResult& r, int i) { return r.Int(i, 0); }, tenant_id, before);
}

std::expected<std::optional<std::string>, Error> PostgresStore::SnapshotDigest(
    std::int64_t host_id, std::uint64_t sequence) {
  return First<std::string>(
      "SELECT digest FROM snapshots WHERE host_id = $1 AND sequence = $2",
      [](const PgResult& r, int i) { return std::string(r.Bytes(i, 0)); },
      host_id, static_cast<std::int64_t>(sequence));
}

std::expected<void, Error> PostgresStore::RecordSnapshot(
    std::int64_t host_id, std::uint64_t sequence, std::int64_t now,
    std::uint64_t bytes, std::uint64_t outbox_evicted,
    const std::string& digest) {
  SURVEYOR_TRY(
      Q("INSERT INTO snapshots (host_id, sequence, received_at, "
        "bytes, outbox_evicted, digest) VALUES ($1, $2, $3, $4, $5, $6)",
        host_id, static_cast<std::int64_t>(sequence), now,
        static_cast<std::int64_t>(bytes),
        static_cast<std::int64_t>(outbox_evicted), OptionalBlob(digest)));
  return {};
}

std::expected<void, Error> PostgresStore::TouchHost(std::int64_t host_id,
                                                    std::int64_t now,
                                                    std::uint64_t sequence,
                                                    const std::string& hostname,
                                                    const std::string& os) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto r,
      Q("UPDATE hosts SET last_seen = $1, "
        "last_sequence = GREATEST(last_sequence, $2), "
        "hostname = CASE WHEN $3 = '' THEN hostname ELSE $3 END, "
        "os = CASE WHEN $4 = '' THEN os ELSE $4 END WHERE id = $5",
        now, static_cast<std::int64_t>(sequence), hostname, os, host_id));
  if (r.affected() == 0) return HostGone();
  return {};
}

}  // namespace surveyor::service
