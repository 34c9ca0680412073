// surveyor-agent: the Surveyor endpoint agent.
#include <cstdio>
#include <string_view>
#include <vector>

#include "agent/collect_command.h"
#include "agent/run_command.h"

namespace {

constexpr std::string_view kUsage = R"(Usage: surveyor-agent COMMAND [options]

Surveyor's endpoint agent: inventories this machine for your MSP.

Commands:
  collect     Collect the inventory once and print it (see 'collect --help').
  run         Report to the server: daemon, or one cycle with --once.
  status      Enrollment, last collect and send, outbox depth, last error.
  version     Print the agent version.
  help        This text.
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" ||
      args[0] == "-h") {
    std::fwrite(kUsage.data(), 1, kUsage.size(),
                args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "version" || args[0] == "--version") {
    std::printf("surveyor-agent %s\n", SURVEYOR_VERSION);
    return 0;
  }
  if (args[0] == "collect") {
    return surveyor::agent::RunCollect(
        std::span<const std::string_view>(args).subspan(1));
  }
  if (args[0] == "run" || args[0] == "status") {
    auto rest = std::span<const std::string_view>(args).subspan(1);
    return args[0] == "run" ? surveyor::agent::RunAgent(rest)
                            : surveyor::agent::RunStatus(rest);
  }
  std::fprintf(stderr,
               "surveyor-agent: unknown command '%.*s'. Try 'surveyor-agent "
               "help'.\n",
               static_cast<int>(args[0].size()), args[0].data());
  return 2;
}
