// The commands surveyor-agent has on this OS: `collect` everywhere; on Linux
// also `run` and `status` (agent_commands.cc). The Windows agent
// (agent_commands_win32.cc) has `collect` until its service host exists.
// main.cc adds `version`.
#pragma once

#include "common/cli.h"

namespace surveyor::agent {

void AddAgentCommands(common::cli::Program& p);

}  // namespace surveyor::agent
