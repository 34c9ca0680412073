#include "agent/agent_commands.h"

#include "agent/collect_command.h"
#include "agent/run_command.h"

namespace surveyor::agent {

void AddAgentCommands(common::cli::Program& p) {
  AddCollectCommand(p);
  AddRunCommands(p);
}

}  // namespace surveyor::agent
