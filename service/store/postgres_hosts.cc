// PostgresStore: hosts, node keys and delivered snapshots (host_rows.h).
#include "service/store/postgres_store.h"

namespace surveyor::service {

using common::Blob;
using common::Error;
using common::PgResult;

namespace {
#define SURVEYOR_PG_HOST_SELECT                                              \
  "SELECT h.id, h.tenant_id, t.name, h.agent_id, h.machine_id, h.hostname, " \
  "h.os, h.enrolled_at, h.last_seen, h.last_sequence, h.node_key_hash "      \
  "FROM hosts h JOIN tenants t ON t.id = h.tenant_id "

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
              static_cast<std::uint64_t>(r.Int(i, 9))};
}
}  // namespace

std::expected<std::int64_t, Error> PostgresStore::InsertHost(
    std::int64_t tenant_id, const std::string& agent_id,
    const std::string& machine_id, const std::string& hostname,
    const std::string& key_hash, std::int64_t now) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto r,
      Q("INSERT INTO hosts (tenant_id, agent_id, machine_id, "
        "hostname, node_key_hash, enrolled_at) "
        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        tenant_id, agent_id, machine_id, hostname, Blob{key_hash}, now));
  return r.Int(0, 0);
}

std::expected<void, Error> PostgresStore::SetNodeKey(
    std::int64_t host_id, const std::string& key_hash,
    const std::string& hostname) {
  SURVEYOR_TRY(
      Q("UPDATE hosts SET node_key_hash = $1, hostname = $2 WHERE id = $3",
        Blob{key_hash}, hostname, host_id));
  return {};
}

std::expected<std::optional<Host>, Error> PostgresStore::HostByMachineId(
    std::int64_t tenant_id, const std::string& machine_id) {
  return First<Host>(SURVEYOR_PG_HOST_SELECT
                     "WHERE h.tenant_id = $1 AND h.machine_id = $2",
                     ReadHost, tenant_id, machine_id);
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
      "SELECT id FROM hosts WHERE tenant_id = $1 AND last_seen < $2",
      [](const PgResult& r, int i) { return r.Int(i, 0); }, tenant_id, before);
}

std::expected<bool, Error> PostgresStore::SnapshotStored(
    std::int64_t host_id, std::uint64_t sequence) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto r, Q("SELECT 1 FROM snapshots WHERE host_id = $1 AND sequence = $2",
                host_id, static_cast<std::int64_t>(sequence)));
  return r.rows() > 0;
}

std::expected<void, Error> PostgresStore::RecordSnapshot(
    std::int64_t host_id, std::uint64_t sequence, std::int64_t now,
    std::uint64_t bytes, std::uint64_t outbox_evicted) {
  SURVEYOR_TRY(
      Q("INSERT INTO snapshots (host_id, sequence, received_at, "
        "bytes, outbox_evicted) VALUES ($1, $2, $3, $4, $5)",
        host_id, static_cast<std::int64_t>(sequence), now,
        static_cast<std::int64_t>(bytes),
        static_cast<std::int64_t>(outbox_evicted)));
  return {};
}

std::expected<void, Error> PostgresStore::TouchHost(std::int64_t host_id,
                                                    std::int64_t now,
                                                    std::uint64_t sequence,
                                                    const std::string& hostname,
                                                    const std::string& os) {
  SURVEYOR_TRY(
      Q("UPDATE hosts SET last_seen = $1, "
        "last_sequence = GREATEST(last_sequence, $2), "
        "hostname = CASE WHEN $3 = '' THEN hostname ELSE $3 END, "
        "os = CASE WHEN $4 = '' THEN os ELSE $4 END WHERE id = $5",
        now, static_cast<std::int64_t>(sequence), hostname, os, host_id));
  return {};
}

}  // namespace surveyor::service
