// SqliteStore: hosts, node keys and delivered snapshots (host_rows.h).
#include "service/store/host_row.h"
#include "service/store/sqlite_store.h"

namespace surveyor::service {

using common::Blob;
using common::Error;
using common::Statement;

namespace {
#define SURVEYOR_HOST_SELECT                                                 \
  "SELECT h.id, h.tenant_id, t.name, h.agent_id, h.machine_id, h.hostname, " \
  "h.os, h.enrolled_at, h.last_seen, h.last_sequence, h.node_key_hash "      \
  "FROM hosts h JOIN tenants t ON t.id = h.tenant_id "
}  // namespace

std::expected<std::int64_t, Error> SqliteStore::InsertHost(
    std::int64_t tenant_id, const std::string& agent_id,
    const std::string& machine_id, const std::string& hostname,
    const std::string& key_hash, std::int64_t now) {
  SURVEYOR_TRY(
      q_.Exec("INSERT INTO hosts (tenant_id, agent_id, machine_id, hostname, "
              "node_key_hash, enrolled_at) VALUES (?, ?, ?, ?, ?, ?)",
              tenant_id, agent_id, machine_id, hostname, Blob{key_hash}, now));
  return sqlite3_last_insert_rowid(db_->handle());
}

std::expected<void, Error> SqliteStore::SetNodeKey(
    std::int64_t host_id, const std::string& key_hash,
    const std::string& hostname) {
  return q_.Exec(
      "UPDATE hosts SET node_key_hash = ?, hostname = ? WHERE id = ?",
      Blob{key_hash}, hostname, host_id);
}

std::expected<std::optional<Host>, Error> SqliteStore::HostByMachineId(
    std::int64_t tenant_id, const std::string& machine_id) {
  return q_.First<Host>(SURVEYOR_HOST_SELECT
                        "WHERE h.tenant_id = ? AND h.machine_id = ?",
                        ReadHost, tenant_id, machine_id);
}

std::expected<std::optional<HostWithKey>, Error> SqliteStore::HostByKeyHash(
    const std::string& hash) {
  return q_.First<HostWithKey>(
      SURVEYOR_HOST_SELECT "WHERE h.node_key_hash = ?",
      [](const Statement& s) {
        return HostWithKey{ReadHost(s), std::string(s.ColumnBlob(10))};
      },
      Blob{hash});
}

std::expected<std::optional<Host>, Error> SqliteStore::HostByAgentId(
    const std::string& agent_id) {
  return q_.First<Host>(SURVEYOR_HOST_SELECT "WHERE h.agent_id = ?", ReadHost,
                        agent_id);
}

std::expected<std::optional<Host>, Error> SqliteStore::HostById(
    std::int64_t host_id) {
  return q_.First<Host>(SURVEYOR_HOST_SELECT "WHERE h.id = ?", ReadHost,
                        host_id);
}

std::expected<std::vector<Host>, Error> SqliteStore::Hosts(
    std::int64_t tenant_id) {
  return q_.List<Host>(SURVEYOR_HOST_SELECT
                       "WHERE h.tenant_id = ? ORDER BY h.hostname, h.agent_id",
                       ReadHost, tenant_id);
}

std::expected<std::vector<std::int64_t>, Error> SqliteStore::SilentHosts(
    std::int64_t tenant_id, std::int64_t before) {
  return q_.List<std::int64_t>(
      "SELECT id FROM hosts WHERE tenant_id = ? AND last_seen < ?",
      [](const Statement& s) { return s.ColumnInt(0); }, tenant_id, before);
}

std::expected<bool, Error> SqliteStore::SnapshotStored(std::int64_t host_id,
                                                       std::uint64_t sequence) {
  auto row = q_.First<bool>(
      "SELECT 1 FROM snapshots WHERE host_id = ? AND sequence = ?",
      [](const Statement&) { return true; }, host_id,
      static_cast<std::int64_t>(sequence));
  if (!row) return std::unexpected(row.error());
  return row->has_value();
}

std::expected<void, Error> SqliteStore::RecordSnapshot(
    std::int64_t host_id, std::uint64_t sequence, std::int64_t now,
    std::uint64_t bytes, std::uint64_t outbox_evicted) {
  return q_.Exec(
      "INSERT INTO snapshots (host_id, sequence, received_at, bytes, "
      "outbox_evicted) VALUES (?, ?, ?, ?, ?)",
      host_id, static_cast<std::int64_t>(sequence), now,
      static_cast<std::int64_t>(bytes),
      static_cast<std::int64_t>(outbox_evicted));
}

std::expected<void, Error> SqliteStore::TouchHost(std::int64_t host_id,
                                                  std::int64_t now,
                                                  std::uint64_t sequence,
                                                  const std::string& hostname,
                                                  const std::string& os) {
  return q_.Exec(
      "UPDATE hosts SET last_seen = ?, last_sequence = MAX(last_sequence, ?), "
      "hostname = CASE WHEN ?3 = '' THEN hostname ELSE ?3 END, "
      "os = CASE WHEN ?4 = '' THEN os ELSE ?4 END WHERE id = ?5",
      now, static_cast<std::int64_t>(sequence), hostname, os, host_id);
}

}  // namespace surveyor::service
