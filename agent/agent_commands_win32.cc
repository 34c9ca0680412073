#include "agent/agent_commands.h"
#include "agent/collect_command.h"

namespace surveyor::agent {

void AddAgentCommands(common::cli::Program& p) { AddCollectCommand(p); }

}  // namespace surveyor::agent
