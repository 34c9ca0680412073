// `surveyor-agent configure` and `surveyor-agent purge`: what an installer
// runs to set the agent up and to take it away (agent/configure.h).
#pragma once

#include "common/cli.h"

namespace surveyor::agent {

void AddConfigureCommands(common::cli::Program& p);

}  // namespace surveyor::agent
