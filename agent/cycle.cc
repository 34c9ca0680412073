#include "agent/cycle.h"

#include "agent/agent_state.h"
#include "agent/reporter.h"
#include "agent/transport.h"
#include "collectors/command_runner.h"
#include "common/logging.h"

namespace surveyor::agent {

CycleOutcome RunCycle(const v1::AgentConfig& config,
                      const CycleRequest& request,
                      const std::atomic<bool>* stop) {
  CycleOutcome out;
  auto state = AgentState::Open(config.state_dir(), config.outbox_max_bytes());
  if (!state) {
    out.collect_failed = true;
    out.error = state.error().message;
    out.retry_in = std::chrono::seconds(60);
    return out;
  }
  CurlTransport transport(config.server(), stop);
  collectors::ProcessRunner runner(
      collectors::ProcessRunner::DefaultAllowlist());
  Reporter reporter(config, **state, transport, &runner);
  bool collect = request.collect;
  std::set<std::string> only = request.only;
  for (int round = 0; round < 3; ++round) {
    if (collect) {
      auto seq = reporter.CollectAndQueue(only);
      if (!seq) {
        common::Logger("agent")->error("collect: {}", seq.error().message);
        // The fact only feeds `status`; the error is returned either way.
        (void)(*state)->SetFact("last_error", seq.error().message);
        out.collect_failed = true;
        out.error = "collect: " + seq.error().message;
      }
    }
    FlushResult r = reporter.Flush();
    if (!r.drained) {
      out.drained = false;
      out.retry_in = r.retry_in;
      out.error = r.error;
      return out;
    }
    out.drained = true;
    if (r.resend_full.empty() || (stop != nullptr && stop->load())) break;
    collect = true;
    only = std::set<std::string>(r.resend_full.begin(), r.resend_full.end());
  }
  return out;
}

}  // namespace surveyor::agent
