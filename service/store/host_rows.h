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

// A host with the hash of its current node key.
struct HostWithKey {
  Host host;
  std::string key_hash;
};

class HostRows {
 public:
  virtual ~HostRows() = default;

  // Returns the new host's id.
  virtual std::expected<std::int64_t, common::Error> InsertHost(
      std::int64_t tenant_id, const std::string& agent_id,
      const std::string& machine_id, const std::string& hostname,
      const std::string& key_hash, std::int64_t now) = 0;
  virtual std::expected<void, common::Error> SetNodeKey(
      std::int64_t host_id, const std::string& key_hash,
      const std::string& hostname) = 0;
  virtual std::expected<std::optional<Host>, common::Error> HostByMachineId(
      std::int64_t tenant_id, const std::string& machine_id) = 0;
  virtual std::expected<std::optional<HostWithKey>, common::Error>
  HostByKeyHash(const std::string& hash) = 0;
  virtual std::expected<std::optional<Host>, common::Error> HostByAgentId(
      const std::string& agent_id) = 0;
  virtual std::expected<std::optional<Host>, common::Error> HostById(
      std::int64_t host_id) = 0;
  // The tenant's hosts by hostname, then agent id.
  virtual std::expected<std::vector<Host>, common::Error> Hosts(
      std::int64_t tenant_id) = 0;
  // Ids of the tenant's hosts last seen before `before`.
  virtual std::expected<std::vector<std::int64_t>, common::Error> SilentHosts(
      std::int64_t tenant_id, std::int64_t before) = 0;

  // Whether (host, sequence) was stored before.
  virtual std::expected<bool, common::Error> SnapshotStored(
      std::int64_t host_id, std::uint64_t sequence) = 0;
  virtual std::expected<void, common::Error> RecordSnapshot(
      std::int64_t host_id, std::uint64_t sequence, std::int64_t now,
      std::uint64_t bytes, std::uint64_t outbox_evicted) = 0;
  // last_seen = now, last_sequence = max(last_sequence, sequence), and the
  // hostname and OS when not empty.
  virtual std::expected<void, common::Error> TouchHost(
      std::int64_t host_id, std::int64_t now, std::uint64_t sequence,
      const std::string& hostname, const std::string& os) = 0;
};

}  // namespace surveyor::service
