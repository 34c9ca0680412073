// The agent's daemon (`surveyor-agent run` without --once), the same on
// every OS: a timer per collector with splay, the outbox's retries, software
// collected again soon after its sources change, each cycle in a worker
// process (cycle_worker.h), requests arriving while one runs merged and run
// next. What it waits on besides its timers comes from daemon_host.h.
//
// Single-threaded: runs on the calling thread until asked to stop.
#pragma once

#include <string>

#include "surveyor/v1/agent_config.pb.h"

namespace surveyor::agent {

// Runs until StopFlag() is set through the host's control; the exit status.
int RunDaemonLoop(std::string config_path, v1::AgentConfig config);

}  // namespace surveyor::agent
