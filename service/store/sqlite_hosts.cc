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
  "h.os, h.enrolled_at, h.last_seen, h.last_sequence, h.node_key_hash, "     \
  "h.public_key, h.proof_ms, h.conflicts_with, h.retired_at "                \
  "FROM hosts h JOIN tenants t ON t.id = h.tenant_id "

std::optional<Blob> OptionalBlob(const std::string& bytes) {
  if (bytes.empty()) return std::nullopt;
  return Blob{bytes};
}
}  // namespace

std::expected<std::int64_t, Error> SqliteStore::InsertHost(
    const Host& host, const std::string& key_hash, std::int64_t now) {
  SURVEYOR_TRY(q_.Exec(
      "INSERT INTO hosts (tenant_id, agent_id, machine_id, hostname, "
      "node_key_hash, enrolled_at, public_key, proof_ms, conflicts_with) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      host.tenant_id, host.agent_id, host.machine_id, host.hostname,
      Blob{key_hash}, now, OptionalBlob(host.public_key), host.proof_ms,
      host.conflicts_with));
  return sqlite3_last_insert_rowid(db_->handle());
}

std::expected<void, Error> SqliteStore::SetNodeKey(
    std::int64_t host_id, const std::string& key_hash,
    const std::string& hostname, const std::string& public_key,
    std::int64_t proof_ms) {
  return q_.Exec(
      "UPDATE hosts SET node_key_hash = ?, hostname = ?, public_key = ?, "
      "proof_ms = ? WHERE id = ?",
      Blob{key_hash}, hostname, OptionalBlob(public_key), proof_ms, host_id);
}

std::expected<std::vector<Host>, Error> SqliteStore::HostsByMachineId(
    std::int64_t tenant_id, const std::string& machine_id) {
  return q_.List<Host>(SURVEYOR_HOST_SELECT
                       "WHERE h.tenant_id = ? AND h.machine_id = ? "
                       "ORDER BY h.enrolled_at, h.id",
                       ReadHost, tenant_id, machine_id);
}

std::expected<std::optional<Host>, Error> SqliteStore::HostByPublicKey(
    std::int64_t tenant_id, const std::string& public_key) {
  return q_.First<Host>(SURVEYOR_HOST_SELECT
                        "WHERE h.tenant_id = ? AND h.public_key = ?",
                        ReadHost, tenant_id, Blob{public_key});
}

std::expected<void, Error> SqliteStore::SetConflict(
    std::int64_t host_id, const std::string& conflicts_with) {
  return q_.Exec("UPDATE hosts SET conflicts_with = ? WHERE id = ?",
                 conflicts_with, host_id);
}

std::expected<void, Error> SqliteStore::SetRetired(std::int64_t host_id,
                                                   std::int64_t retired_at) {
  return q_.Exec(
      "UPDATE hosts SET retired_at = ? WHERE id = ?",
      retired_at > 0 ? std::optional<std::int64_t>(retired_at) : std::nullopt,
      host_id);
}

std::expected<void, Error> SqliteStore::DeleteHost(std::int64_t host_id) {
  SURVEYOR_TRY(q_.Exec("DELETE FROM snapshots WHERE host_id = ?", host_id));
  SURVEYOR_TRY(q_.Exec("DELETE FROM sections WHERE host_id = ?", host_id));
  SURVEYOR_TRY(q_.Exec("DELETE FROM software WHERE host_id = ?", host_id));
  SURVEYOR_TRY(
      q_.Exec("DELETE FROM control_states WHERE host_id = ?", host_id));
  SURVEYOR_TRY(q_.Exec("DELETE FROM report_days WHERE host_id = ?", host_id));
  SURVEYOR_TRY(q_.Exec("DELETE FROM host_products WHERE host_id = ?", host_id));
  SURVEYOR_TRY(q_.Exec("DELETE FROM findings WHERE scope = ?",
                       "host:" + std::to_string(host_id)));
  return q_.Exec("DELETE FROM hosts WHERE id = ?", host_id);
}

std::expected<void, Error> SqliteStore::RejectKey(std::int64_t tenant_id,
                                                  const std::string& public_key,
                                                  const std::string& agent_id,
                                                  std::int64_t now) {
  return q_.Exec(
      "INSERT OR REPLACE INTO rejected_keys (tenant_id, public_key, agent_id, "
      "rejected_at) VALUES (?, ?, ?, ?)",
      tenant_id, Blob{public_key}, agent_id, now);
}

std::expected<bool, Error> SqliteStore::KeyRejected(
    std::int64_t tenant_id, const std::string& public_key) {
  auto row = q_.First<bool>(
      "SELECT 1 FROM rejected_keys WHERE tenant_id = ? AND public_key = ?",
      [](const Statement&) { return true; }, tenant_id, Blob{public_key});
  if (!row) return std::unexpected(row.error());
  return row->has_value();
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
      "SELECT id FROM hosts WHERE tenant_id = ? AND last_seen < ? "
      "AND retired_at IS NULL",
      [](const Statement& s) { return s.ColumnInt(0); }, tenant_id, before);
}

std::expected<std::optional<std::string>, Error> SqliteStore::SnapshotDigest(
    std::int64_t host_id, std::uint64_t sequence) {
  return q_.First<std::string>(
      "SELECT digest FROM snapshots WHERE host_id = ? AND sequence = ?",
      [](const Statement& s) { return std::string(s.ColumnBlob(0)); }, host_id,
      static_cast<std::int64_t>(sequence));
}

std::expected<void, Error> SqliteStore::RecordSnapshot(
    std::int64_t host_id, std::uint64_t sequence, std::int64_t now,
    std::uint64_t bytes, std::uint64_t outbox_evicted,
    const std::string& digest) {
  return q_.Exec(
      "INSERT INTO snapshots (host_id, sequence, received_at, bytes, "
      "outbox_evicted, digest) VALUES (?, ?, ?, ?, ?, ?)",
      host_id, static_cast<std::int64_t>(sequence), now,
      static_cast<std::int64_t>(bytes),
      static_cast<std::int64_t>(outbox_evicted), OptionalBlob(digest));
}

std::expected<void, Error> SqliteStore::TouchHost(std::int64_t host_id,
                                                  std::int64_t now,
                                                  std::uint64_t sequence,
                                                  const std::string& hostname,
                                                  const std::string& os) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto updated,
      q_.First<std::int64_t>(
          "UPDATE hosts SET last_seen = ?, last_sequence = MAX(last_sequence, "
          "?), hostname = CASE WHEN ?3 = '' THEN hostname ELSE ?3 END, "
          "os = CASE WHEN ?4 = '' THEN os ELSE ?4 END WHERE id = ?5 "
          "RETURNING id",
          [](const Statement& s) { return s.ColumnInt(0); }, now,
          static_cast<std::int64_t>(sequence), hostname, os, host_id));
  if (!updated) return HostGone();
  return {};
}

}  // namespace surveyor::service
