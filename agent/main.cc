// surveyor-agent: the Surveyor endpoint agent. Its commands are this OS's
// (agent_commands.h); common/cli.h parses them.
#include <cstdio>

#include "agent/agent_commands.h"
#include "common/cli.h"

int main(int argc, char** argv) {
  using namespace surveyor;
  common::cli::Program program(
      "surveyor-agent",
      "Surveyor's endpoint agent: inventories this machine for your MSP.\n",
      [](common::cli::po::options_description& o) {
        o.add_options()("verbose,v", "Debug diagnostics on standard error.");
      });
  agent::AddAgentCommands(program);
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
