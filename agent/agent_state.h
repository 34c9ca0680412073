// The agent's durable state under its state directory:
//   node_key   the credential from enrollment (mode 0600), with the agent id
//   identity.key  the agent's Ed25519 identity key (PKCS#8 PEM, mode 0600),
//              made at the first enrollment; proves at every re-enrollment
//              that this is the same agent (common/identity_key.h). A new
//              key (a wiped state directory) enrolls as a new host.
//   agent.db   SQLite: the outbox of snapshots not yet acknowledged, the last
//              section queued per collector (the base of the next delta), the
//              sequence counter and status facts for `surveyor-agent status`.
//
// A snapshot is durable in the outbox before it is sent and deleted only
// after the server acknowledges it. The outbox is bounded in bytes; beyond
// the bound the oldest snapshots are dropped and counted, and the count
// travels upstream in later snapshots.
//
// Thread-compatible: one thread at a time.
#pragma once

#include <cstdint>
#include <expected>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "common/error.h"
#include "common/identity_key.h"
#include "common/sqlite.h"
#include "surveyor/v1/snapshot.pb.h"

namespace surveyor::agent {

struct OutboxItem {
  std::uint64_t sequence = 0;
  std::string body;  // Serialized wire Snapshot.
};

struct OutboxStats {
  std::uint64_t depth = 0;
  std::uint64_t bytes = 0;
  std::uint64_t evicted = 0;
};

struct Enrollment {
  std::string agent_id;
  std::string node_key;
};

class AgentState {
 public:
  static std::expected<std::unique_ptr<AgentState>, common::Error> Open(
      const std::string& state_dir, std::uint64_t outbox_max_bytes);
  // Read-only, for `status` while the daemon runs: creates and changes
  // nothing, so it never contends for the write lock.
  static std::expected<std::unique_ptr<AgentState>, common::Error> OpenReadOnly(
      const std::string& state_dir);

  // --- Enrollment ---
  std::expected<std::optional<Enrollment>, common::Error> LoadEnrollment()
      const;
  std::expected<void, common::Error> SaveEnrollment(const Enrollment& e) const;
  // Forgets the node key (the server said it is invalid) and every delta
  // base, so the next snapshot after re-enrolling is complete.
  std::expected<void, common::Error> ForgetEnrollment();
  // The identity key, made and stored on first use. A malformed file is an
  // error that says how to start over.
  std::expected<common::IdentityKey, common::Error> IdentityKey();
  // A proof time (ms) later than every one used before, even when the clock
  // went back.
  std::expected<std::int64_t, common::Error> NextProofTime(std::int64_t now_ms);
  // The server stores sequences from `from` on: queued snapshots numbered
  // below it are renumbered from there, in order, and the counter follows.
  // Nothing happens when every queued and future sequence is already >=
  // `from`. Returns how many queued snapshots were renumbered.
  std::expected<std::uint64_t, common::Error> ContinueAt(std::uint64_t from);

  // --- Queueing ---
  // Assigns the next sequence number, turns `full` into its wire form
  // against the stored bases (unchanged sections as hashes, software as a
  // delta), stores it in the outbox, makes `full`'s sections the new bases,
  // and evicts the oldest entries beyond the size bound; one transaction.
  std::expected<std::uint64_t, common::Error> Enqueue(v1::Snapshot full);
  // Forgets the bases of these collectors (server asked for full sections).
  std::expected<void, common::Error> ForgetBases(
      const std::vector<std::string>& collectors);

  std::expected<std::optional<OutboxItem>, common::Error> Oldest();
  std::expected<void, common::Error> Acknowledge(std::uint64_t sequence);
  std::expected<OutboxStats, common::Error> Outbox();

  // --- Status facts (last_collect, last_send, last_error) ---
  std::expected<void, common::Error> SetFact(const std::string& key,
                                             const std::string& value);
  std::expected<std::string, common::Error> Fact(const std::string& key);

  const std::string& dir() const { return dir_; }

  // The last section queued for `collector` (the base of its next delta),
  // or nullopt when there is none or it cannot be read.
  std::expected<std::optional<v1::Section>, common::Error> Base(
      const std::string& collector);

 private:
  AgentState(std::string dir, common::Database db, std::uint64_t max_bytes)
      : dir_(std::move(dir)), db_(std::move(db)), max_bytes_(max_bytes) {}
  std::string dir_;
  common::Database db_;
  std::uint64_t max_bytes_;
};

// The wire form of one section against its base (exposed for tests).
v1::Section WireSection(const v1::Section& full,
                        const std::optional<v1::Section>& base);

}  // namespace surveyor::agent
