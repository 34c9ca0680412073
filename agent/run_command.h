// `surveyor-agent run` (the daemon, or one cycle with --once) and
// `surveyor-agent status`.
#pragma once

#include "common/cli.h"

namespace surveyor::agent {

void AddRunCommands(common::cli::Program& p);

}  // namespace surveyor::agent
