// Storage of enrolled hosts (with their node key's hash) and of which
// snapshots each host has delivered. Storage only: enrollment decisions are
// service/app/accounts.h, ingest decisions service/app/ingest.h.
//
// Transactions: each call is atomic on its own; inside Store::InTransaction
// it joins that transaction.
// Errors: kAlreadyExists when an agent id is taken; kInternal (or kIo) for a
// storage failure. Absent rows are empty optionals, not errors.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "service/store/rows.h"

namespace surveyor::service {

// TouchHost's error for a host that is gone.
inline std::unexpected<common::Error> HostGone() {
  return common::Fail(common::ErrorCode::kNotFound,
                      "the host was removed while its snapshot was being "
                      "stored");
}

// A host with the hash of its current node key.
struct HostWithKey {
  Host host;
  std::string key_hash;
};

class HostRows {
 public:
  virtual ~HostRows() = default;

  // Returns the new host's id. Uses `host`'s tenant_id, agent_id,
  // machine_id, hostname, public_key, proof_ms and conflicts_with.
  virtual std::expected<std::int64_t, common::Error> InsertHost(
      const Host& host, const std::string& key_hash, std::int64_t now) = 0;
  // A re-enrollment: the new node key, hostname and proof time, and the
  // public key (bound now when the host had none).
  virtual std::expected<void, common::Error> SetNodeKey(
      std::int64_t host_id, const std::string& key_hash,
      const std::string& hostname, const std::string& public_key,
      std::int64_t proof_ms) = 0;
  // The tenant's hosts with this machine id (several after a conflicting
  // enrollment or for cloned machines), oldest first.
  virtual std::expected<std::vector<Host>, common::Error> HostsByMachineId(
      std::int64_t tenant_id, const std::string& machine_id) = 0;
  virtual std::expected<std::optional<Host>, common::Error> HostByPublicKey(
      std::int64_t tenant_id, const std::string& public_key) = 0;
  // Sets (or with "" clears) which host this one conflicts with.
  virtual std::expected<void, common::Error> SetConflict(
      std::int64_t host_id, const std::string& conflicts_with) = 0;
  // Retired hosts (retired_at > 0) raise no silent-agent finding and keep
  // their history; 0 puts one back in service.
  virtual std::expected<void, common::Error> SetRetired(
      std::int64_t host_id, std::int64_t retired_at) = 0;
  // Removes the host and its snapshots, sections, software history and
  // host-scoped findings (its catalogued products are the engine's to drop
  // first, so the tenant's counts stay right).
  virtual std::expected<void, common::Error> DeleteHost(
      std::int64_t host_id) = 0;
  // A public key an admin rejected in a tenant: its enrollments are refused.
  virtual std::expected<void, common::Error> RejectKey(
      std::int64_t tenant_id, const std::string& public_key,
      const std::string& agent_id, std::int64_t now) = 0;
  virtual std::expected<bool, common::Error> KeyRejected(
      std::int64_t tenant_id, const std::string& public_key) = 0;
  virtual std::expected<std::optional<HostWithKey>, common::Error>
  HostByKeyHash(const std::string& hash) = 0;
  virtual std::expected<std::optional<Host>, common::Error> HostByAgentId(
      const std::string& agent_id) = 0;
  virtual std::expected<std::optional<Host>, common::Error> HostById(
      std::int64_t host_id) = 0;
  // The tenant's hosts by hostname, then agent id.
  virtual std::expected<std::vector<Host>, common::Error> Hosts(
      std::int64_t tenant_id) = 0;
  // Ids of the tenant's hosts in service last seen before `before`.
  virtual std::expected<std::vector<std::int64_t>, common::Error> SilentHosts(
      std::int64_t tenant_id, std::int64_t before) = 0;

  // The digest stored with (host, sequence): empty optional when that
  // sequence was never stored, "" for snapshots stored before digests.
  virtual std::expected<std::optional<std::string>, common::Error>
  SnapshotDigest(std::int64_t host_id, std::uint64_t sequence) = 0;
  // `digest`: SHA-256 of the snapshot's uncompressed wire bytes.
  virtual std::expected<void, common::Error> RecordSnapshot(
      std::int64_t host_id, std::uint64_t sequence, std::int64_t now,
      std::uint64_t bytes, std::uint64_t outbox_evicted,
      const std::string& digest) = 0;
  // last_seen = now, last_sequence = max(last_sequence, sequence), and the
  // hostname and OS when not empty. kNotFound when the host is gone (removed
  // while its snapshot was being stored): the caller's transaction then
  // rolls back, leaving no rows of a host that no longer exists.
  virtual std::expected<void, common::Error> TouchHost(
      std::int64_t host_id, std::int64_t now, std::uint64_t sequence,
      const std::string& hostname, const std::string& os) = 0;
};

}  // namespace surveyor::service
