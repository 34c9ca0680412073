#include "agent/cycle.h"

#include <filesystem>
#include <fstream>

#include "agent/agent_state.h"
#include "agent/reporter.h"
#include "agent/saas_http.h"
#include "agent/transport.h"
#include "collectors/command_runner.h"
#include "common/logging.h"

namespace surveyor::agent {

namespace {

// The last failed cycle, as a plain file beside agent.db: `status` shows it
// even when agent.db itself is what failed.
void NoteOutcome(const std::string& state_dir, const CycleOutcome& out) {
  const std::string path = state_dir + "/last_failure";
  if (out.error.empty() || (out.drained && !out.collect_failed)) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return;
  }
  std::ofstream f(path, std::ios::trunc);
  f << std::chrono::duration_cast<std::chrono::seconds>(
           std::chrono::system_clock::now().time_since_epoch())
           .count()
    << "\n"
    << out.error << "\n";
}

CycleOutcome Cycle(const v1::AgentConfig& config, const CycleRequest& request,
                   const std::atomic<bool>* stop);

}  // namespace

CycleOutcome RunCycle(const v1::AgentConfig& config,
                      const CycleRequest& request,
                      const std::atomic<bool>* stop) {
  CycleOutcome out = Cycle(config, request, stop);
  NoteOutcome(config.state_dir(), out);
  return out;
}

namespace {

CycleOutcome Cycle(const v1::AgentConfig& config, const CycleRequest& request,
                   const std::atomic<bool>* stop) {
  CycleOutcome out;
  auto state = AgentState::Open(config.state_dir(), config.outbox_max_bytes());
  if (!state) {
    out.collect_failed = true;
    out.error = state.error().message;
    out.retry_in = std::chrono::seconds(60);
    return out;
  }
  HttpsTransport transport(config.server(), stop);
  collectors::ProcessRunner runner(
      collectors::ProcessRunner::DefaultAllowlist());
  Reporter reporter(config, **state, transport, &runner);
  auto saas = NewSaasHttpFactory(stop);
  reporter.set_saas(saas.get());
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

}  // namespace
}  // namespace surveyor::agent
