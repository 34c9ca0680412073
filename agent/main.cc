// surveyor-agent: the Surveyor endpoint agent. Commands are registered by
// collect_command.cc, run_command.cc and
// configure_command.cc; common/cli.h parses them.
#include <cstdio>

#include "agent/collect_command.h"
#include "agent/configure_command.h"
#include "agent/run_command.h"
#include "common/cli.h"

int main(int argc, char** argv) {
  using namespace surveyor;
  common::cli::Program program(
      "surveyor-agent",
      "Surveyor's endpoint agent: inventories this machine for your MSP.\n",
      [](common::cli::po::options_description& o) {
        o.add_options()("verbose,v", "Debug diagnostics on standard error.");
      });
  agent::AddCollectCommand(program);
  agent::AddRunCommands(program);
  agent::AddConfigureCommands(program);
  program.Add({"version",
               "",
               "Print the agent version.",
               "",
               {},
               {},
               0,
               0,
               [](const common::cli::Invocation&) {
                 std::printf("surveyor-agent %s\n", SURVEYOR_VERSION);
                 return 0;
               }});
  return program.Main(argc, argv);
}
