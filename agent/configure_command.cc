#include "agent/configure_command.h"

#include <cstdio>
#include <iostream>

#include "agent/agent_config.h"
#include "agent/configure.h"
#include "common/printable.h"
#include "common/secret_file.h"

namespace surveyor::agent {
namespace {

constexpr const char* kConfigureDetails =
    R"(Writes the agent's configuration for a server: the configuration file,
the enrollment secret (enroll_secret) and a copy of the CA file
(server-ca.pem) beside it, in a directory only the agent and administrators
can read. The agent enrolls at its next run.

With --server-url, a configuration already there keeps its other settings
(state_dir, intervals, ...): only its server connection changes; one that
does not load is replaced. Without --server-url an existing configuration
is kept unchanged (exit 0), which is what an upgrade or a repair needs;
with none there, it is an error. Without --enroll-secret or --ca-file, the
files already there are kept.

--enroll-secret puts the secret on the command line, where other
administrators can see it while this runs; prefer --enroll-secret-file or
--enroll-secret-stdin (the first line of standard input), which the Windows
MSI's custom action uses.
)";

constexpr const char* kPurgeDetails =
    R"(Removes the configuration, the enrollment secret, the CA copy and the
agent's state (its identity key, enrollment, outbox and log), then their
directories when nothing else is in them. Files it did not write are left
and listed. The server keeps the host and its history; a host purged and
set up again enrolls as a new host. The Windows MSI runs it when the agent
is uninstalled (not when it is upgraded).
)";

int RunConfigure(const common::cli::Invocation& in) {
  ConfigureRequest request;
  request.config_path = in.Get("config", DefaultConfigPath());
  request.server_url = in.Get("server-url");
  request.ca_file = in.Get("ca-file");
  request.enroll_secret = in.Get("enroll-secret");
  const int sources = (in.Has("enroll-secret") ? 1 : 0) +
                      (in.Has("enroll-secret-file") ? 1 : 0) +
                      (in.Flag("enroll-secret-stdin") ? 1 : 0);
  if (sources > 1) {
    std::fprintf(stderr,
                 "surveyor-agent configure: give one of --enroll-secret, "
                 "--enroll-secret-file and --enroll-secret-stdin, not "
                 "several\n");
    return 2;
  }
  if (in.Flag("enroll-secret-stdin")) {
    std::string line;
    std::getline(std::cin, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      std::fprintf(stderr,
                   "surveyor-agent configure: --enroll-secret-stdin: no "
                   "secret on standard input\n");
      return 2;
    }
    request.enroll_secret = std::move(line);
  }
  if (in.Has("enroll-secret-file")) {
    auto secret = common::ReadSecretLine(in.Get("enroll-secret-file"),
                                         "the enrollment secret", false);
    if (!secret) {
      std::fprintf(stderr, "surveyor-agent configure: %s\n",
                   secret.error().message.c_str());
      return 2;
    }
    request.enroll_secret = std::move(*secret);
  }
  auto result = ConfigureAgent(request);
  if (!result) {
    std::fprintf(stderr, "surveyor-agent configure: %s\n",
                 result.error().message.c_str());
    return 2;
  }
  const std::string where = common::Printable(request.config_path);
  const std::string url = common::Printable(request.server_url);
  switch (*result) {
    case ConfigureResult::kKept:
      std::printf("Kept the configuration at %s\n", where.c_str());
      break;
    case ConfigureResult::kWritten:
      std::printf("Wrote %s: server %s\n", where.c_str(), url.c_str());
      break;
    case ConfigureResult::kUpdated:
      std::printf("Updated %s: server %s, its other settings kept\n",
                  where.c_str(), url.c_str());
      break;
    case ConfigureResult::kReplaced:
      std::printf("Replaced %s, which did not load: server %s\n", where.c_str(),
                  url.c_str());
      break;
  }
  return 0;
}

int RunPurge(const common::cli::Invocation& in) {
  if (!in.Flag("yes")) {
    std::fprintf(stderr,
                 "surveyor-agent purge: this deletes the agent's identity and "
                 "state; add --yes to go ahead\n");
    return 2;
  }
  auto report =
      PurgeAgent(in.Get("config", DefaultConfigPath()), DefaultStateDir());
  if (!report) {
    std::fprintf(stderr, "surveyor-agent purge: %s\n",
                 report.error().message.c_str());
    return 1;
  }
  for (const auto& path : report->removed) {
    std::printf("Removed %s\n", common::Printable(path).c_str());
  }
  for (const auto& path : report->left) {
    std::printf("Left    %s\n", common::Printable(path).c_str());
  }
  if (report->removed.empty()) std::printf("Nothing to remove\n");
  return 0;
}

}  // namespace

void AddConfigureCommands(common::cli::Program& p) {
  namespace po = common::cli::po;
  auto config = [](po::options_description& o) {
    o.add_options()("config", po::value<std::string>()->value_name("FILE"),
                    "Agent configuration (default: the platform's, as for "
                    "run).");
  };
  p.Add({"configure",
         "--server-url URL --enroll-secret-file FILE [--ca-file FILE]",
         "Write the configuration that connects this agent to a server.",
         kConfigureDetails,
         [config](po::options_description& o) {
           config(o);
           o.add_options()(
               "server-url", po::value<std::string>()->value_name("URL"),
               "The server, https://host:port; empty keeps what is there.")(
               "enroll-secret-file",
               po::value<std::string>()->value_name("FILE"),
               "A file whose first line is the tenant's enrollment secret.")(
               "enroll-secret-stdin",
               "Read the secret from the first line of standard input.")(
               "enroll-secret", po::value<std::string>()->value_name("SECRET"),
               "The secret itself, on the command line (see below).")(
               "ca-file", po::value<std::string>()->value_name("FILE"),
               "PEM of the CA that signed the server's certificate.");
         },
         {},
         0,
         0,
         RunConfigure});
  p.Add({"purge",
         "--yes [--config FILE]",
         "Delete the agent's configuration, secret and state.",
         kPurgeDetails,
         [config](po::options_description& o) {
           config(o);
           o.add_options()("yes", "Really delete them.");
         },
         {},
         0,
         0,
         RunPurge});
}

}  // namespace surveyor::agent
