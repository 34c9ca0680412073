// Reporter: one agent's conversation with the server. Enrolls when it has no
// node key (and again when the server says the key is invalid), collects and
// queues snapshots in the durable outbox, and sends the outbox oldest first,
// compressed with zstd when that pays, honouring 429/503 Retry-After and
// backing off exponentially with jitter on failures. What each answer means
// is decided by agent/send_decision.h; this carries it out. Used by `run
// --once` and by the daemon's cycle worker.
//
// A snapshot leaves the outbox only when its acknowledgement is recorded;
// if recording fails (disk full), the flush stops with that error rather
// than send the snapshot again and again.
//
// Thread-compatible. The failure count behind the backoff is kept in the
// state's facts, so it carries across processes.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "agent/agent_state.h"
#include "agent/transport.h"
#include "collectors/collector.h"
#include "surveyor/v1/agent_config.pb.h"

namespace surveyor::agent {

struct FlushResult {
  bool drained = false;                  // Outbox empty now.
  std::chrono::seconds retry_in{0};      // When not drained: wait this long.
  std::vector<std::string> resend_full;  // Collect these again, in full.
  std::string error;                     // Last problem, for status.
};

class Reporter {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  // `clock` defaults to the system clock.
  Reporter(const v1::AgentConfig& config, AgentState& state,
           Transport& transport, collectors::CommandRunner* commands,
           Clock clock = {});

  // Runs the named collectors (all when empty) and queues the snapshot.
  std::expected<std::uint64_t, common::Error> CollectAndQueue(
      const std::set<std::string>& only);

  // Sends queued snapshots until the outbox is empty or a send fails.
  FlushResult Flush();

  // Names of the built-in collectors.
  std::vector<std::string> CollectorNames() const;

  // HTTP for the SaaS connectors (vendor APIs, whatever the root); none:
  // they are not run.
  void set_saas(collectors::saas::HttpClientFactory* saas) { saas_ = saas; }

 private:
  std::expected<Enrollment, common::Error> EnsureEnrolled();
  std::string Root() const;
  std::chrono::seconds Backoff();
  void ResetFailures();
  // Records a status fact; a failure is logged (the status is advisory).
  void NoteFact(const std::string& key, const std::string& value);
  std::string NowText() const;

  const v1::AgentConfig& config_;
  AgentState& state_;
  Transport& transport_;
  collectors::CommandRunner* commands_;
  collectors::saas::HttpClientFactory* saas_ = nullptr;
  Clock clock_;
  int failures_ = 0;
  std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace surveyor::agent
