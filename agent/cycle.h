// One collect-and-send cycle, run in the calling process: opens the state,
// collects the requested collectors (when asked) into the outbox, sends the
// outbox, and collects again in full whatever the server asks for (at most
// three rounds). `surveyor-agent run --once` calls it directly; the daemon
// calls it in a short-lived worker process (agent/cycle_worker.h).
#pragma once

#include <atomic>
#include <chrono>
#include <set>
#include <string>

#include "surveyor/v1/agent_config.pb.h"

namespace surveyor::agent {

struct CycleRequest {
  bool collect = true;         // False: only send what is queued.
  std::set<std::string> only;  // Collectors to run; empty means all.
};

struct CycleOutcome {
  bool drained = false;              // The outbox is empty afterwards.
  bool collect_failed = false;       // Collection or the state failed.
  std::chrono::seconds retry_in{0};  // When not drained: wait this long.
  std::string error;                 // The last problem, if any.
};

// `stop` aborts an in-flight request and further rounds (SIGTERM).
CycleOutcome RunCycle(const v1::AgentConfig& config,
                      const CycleRequest& request,
                      const std::atomic<bool>* stop);

}  // namespace surveyor::agent
