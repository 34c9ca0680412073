// `surveyor-agent run` without --once, and the stop flag both forms of
// `run` watch. On Linux (daemon.cc) the daemon: a timer per collector, the
// outbox's retries, inotify on the package databases, each cycle in a
// worker process, SIGTERM/SIGINT to stop and SIGHUP to reload. Windows
// (daemon_win32.cc) has the stop flag (Ctrl+C, console close); its service
// host is not built yet.
#pragma once

#include <atomic>
#include <string>

#include "surveyor/v1/agent_config.pb.h"

namespace surveyor::agent {

// Set when the agent is asked to stop; checked by cycles and transfers.
std::atomic<bool>& StopFlag();

// Installs what sets StopFlag(): signal handlers, or a console handler.
void InstallStopHandlers();

// Runs the daemon until stopped; the exit status.
int RunDaemon(std::string config_path, v1::AgentConfig config);

}  // namespace surveyor::agent
