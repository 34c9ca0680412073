#include "agent/run_command.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>

#include "agent/agent_config.h"
#include "agent/agent_state.h"
#include "agent/cycle.h"
#include "agent/cycle_worker.h"
#include "agent/daemon_host.h"
#include "common/logging.h"
#include "common/stdout_mode.h"

namespace surveyor::agent {
namespace {

constexpr const char* kRunDetails =
    R"(Enrolls with the server (first start), then collects on each collector's
schedule, keeps snapshots in a durable outbox and sends them over HTTPS.
With --once: one collect-and-send cycle, then exit 0 when the outbox is empty
afterwards, 1 when something is left to send. The configuration needs
server { url enroll_secret_file } and a state_dir.

Signals: SIGTERM/SIGINT stop within a second or two (an in-flight request is
aborted; the outbox keeps it); SIGHUP reloads the configuration. On Windows
the SurveyorAgent service runs it with --service (stop and shutdown end it
within seconds); from a console, Ctrl+C stops it.

--worker runs one cycle and prints its outcome line: how the Windows daemon
runs each cycle in a child process (with --only and --send-only).
)";

constexpr const char* kStatusDetails =
    R"(Reads the state directory only; safe while the daemon runs. "Last
failure" is the last run that failed (kept beside agent.db, so it shows even
when agent.db is what failed); a successful run clears it.
Exit status: 0 all well, 1 the last run failed, 2 the state is unreadable.
)";
std::string Ago(const std::string& epoch_text) {
  if (epoch_text.empty()) return "never";
  std::time_t t =
      static_cast<std::time_t>(std::strtoll(epoch_text.c_str(), nullptr, 10));
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S UTC", &tm);
  long ago = static_cast<long>(std::time(nullptr) - t);
  return std::string(buf) + " (" + std::to_string(ago) + " s ago)";
}

// One cycle as the daemon's worker process asks (cycle_worker_win32.cc):
// the outcome line on standard output, the log on standard error (as
// RunAgent set it up for a worker).
int RunWorker(const common::cli::Invocation& in,
              const v1::AgentConfig& config) {
  CycleRequest request;
  request.collect = !in.Flag("send-only");
  for (auto& name : in.GetCommaList("only")) {
    request.only.insert(std::move(name));
  }
  const std::string line =
      EncodeOutcome(RunCycle(config, request, &StopFlag()));
  common::UseRawUtf8Stdout();
  std::fwrite(line.data(), 1, line.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace

int RunAgent(const common::cli::Invocation& in) {
  const std::string config_path = in.Get("config", DefaultConfigPath());
  const bool verbose = in.Flag("verbose");
  common::InitLogging(verbose);
  if (!verbose) spdlog::set_level(spdlog::level::info);
  // A worker's lines are relayed into the daemon's log, which stamps them
  // (cycle_worker_win32.cc): "<level> [<logger>] <message>" from the first.
  if (in.Flag("worker")) spdlog::set_pattern("%l [%n] %v");
  auto config = LoadRunConfig(config_path);
  if (!config) {
    return ReportStartFailure("surveyor-agent run: " + config.error().message,
                              in.Flag("service"));
  }
  InstallStopHandlers();
  if (in.Flag("worker")) return RunWorker(in, *config);
  if (!in.Flag("once")) {
    return RunDaemon(config_path, std::move(*config), in.Flag("service"));
  }

  CycleOutcome outcome = RunCycle(*config, CycleRequest{}, &StopFlag());
  if (outcome.collect_failed) {
    std::fprintf(stderr, "surveyor-agent run: %s\n", outcome.error.c_str());
    return 1;
  }
  if (!outcome.drained) {
    std::fprintf(stderr,
                 "surveyor-agent run: not sent (kept in the outbox): %s\n",
                 outcome.error.c_str());
    return 1;
  }
  return 0;
}

int RunStatus(const common::cli::Invocation& in) {
  const std::string config_path = in.Get("config", DefaultConfigPath());
  auto config = LoadRunConfig(config_path);
  if (!config) {
    std::fprintf(stderr, "surveyor-agent status: %s\n",
                 config.error().message.c_str());
    return 2;
  }
  auto state = AgentState::OpenReadOnly(config->state_dir());
  if (!state) {
    std::fprintf(stderr, "surveyor-agent status: %s (has the agent run yet?)\n",
                 state.error().message.c_str());
    std::ifstream failure(config->state_dir() + "/last_failure");
    std::string when, what;
    if (failure && std::getline(failure, when) && std::getline(failure, what)) {
      std::fprintf(stderr, "Last failure   %s: %s\n", Ago(when).c_str(),
                   common::Printable(what).c_str());
    }
    return 2;
  }
  auto enrollment = (*state)->LoadEnrollment();
  auto outbox = (*state)->Outbox();
  int rc = 0;
  auto fact = [&](const char* k) {
    auto v = (*state)->Fact(k);
    return v ? *v : std::string();
  };
  std::printf("Server         %s\n", config->server().url().c_str());
  if (!enrollment) {
    std::printf(
        "Enrolled       ? %s: remove the file and the agent enrolls "
        "again, as the same host (its identity key is kept)\n",
        common::Printable(enrollment.error().message).c_str());
    rc = 2;
  } else if (*enrollment) {
    std::printf("Enrolled       yes, agent id %s\n",
                (*enrollment)->agent_id.c_str());
  } else {
    std::printf("Enrolled       no\n");
  }
  std::printf("Last collect   %s\n", Ago(fact("last_collect")).c_str());
  std::printf("Last send      %s\n", Ago(fact("last_send")).c_str());
  if (outbox) {
    std::printf("Outbox         %llu snapshots, %llu bytes, %llu dropped\n",
                static_cast<unsigned long long>(outbox->depth),
                static_cast<unsigned long long>(outbox->bytes),
                static_cast<unsigned long long>(outbox->evicted));
  } else {
    std::printf(
        "Outbox         unreadable: %s (move %s/agent.db aside: the "
        "agent starts a new outbox, queued snapshots are lost)\n",
        common::Printable(outbox.error().message).c_str(),
        config->state_dir().c_str());
    rc = 2;
  }
  std::string err = fact("last_error");
  std::printf("Last error     %s\n",
              err.empty() ? "none" : common::Printable(err).c_str());
  // The last failed run, kept outside agent.db (which may be what failed).
  std::ifstream failure(config->state_dir() + "/last_failure");
  std::string when, what;
  if (failure && std::getline(failure, when) && std::getline(failure, what)) {
    std::printf("Last failure   %s: %s\n", Ago(when).c_str(),
                common::Printable(what).c_str());
    if (rc == 0) rc = 1;
  }
  return rc;
}

void AddRunCommands(common::cli::Program& p) {
  auto config = [](common::cli::po::options_description& o) {
    o.add_options()(
        "config", common::cli::po::value<std::string>()->value_name("FILE"),
        "Agent configuration (default /etc/surveyor/agent.textproto).");
  };
  p.Add({"run",
         "[--once] [--config FILE]",
         "Report to the server: the daemon, or one cycle with --once.",
         kRunDetails,
         [config](common::cli::po::options_description& o) {
           config(o);
           o.add_options()("once", "One collect-and-send cycle, then exit.")(
               "service", "Windows: run as the SurveyorAgent service.")(
               "worker", "One cycle for the daemon; its outcome on stdout.")(
               "only",
               common::cli::po::value<std::string>()->value_name("LIST"),
               "With --worker: collectors to run, comma-separated.")(
               "send-only", "With --worker: send the outbox, collect nothing.");
         },
         {},
         0,
         0,
         RunAgent});
  p.Add({"status",
         "[--config FILE]",
         "Enrollment, last collect and send, outbox depth, last error.",
         kStatusDetails,
         config,
         {},
         0,
         0,
         RunStatus});
}

}  // namespace surveyor::agent
