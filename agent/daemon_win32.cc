// The Windows agent's stop flag, set by Ctrl+C, Ctrl+Break and closing the
// console. `run` as a service needs the service host (SCM), which is not
// built yet: until then `run` refuses without --once, and a scheduled task
// running `run --once` is the way to report on a schedule.
#include <windows.h>

#include <cstdio>

#include "agent/daemon.h"

namespace surveyor::agent {
namespace {

std::atomic<bool> g_stop{false};

BOOL WINAPI OnConsoleEvent(DWORD) {
  g_stop.store(true);
  return TRUE;
}

}  // namespace

std::atomic<bool>& StopFlag() { return g_stop; }

void InstallStopHandlers() { SetConsoleCtrlHandler(OnConsoleEvent, TRUE); }

int RunDaemon(std::string, v1::AgentConfig) {
  std::fprintf(stderr,
               "surveyor-agent run: the Windows service is not available in "
               "this build; run 'surveyor-agent run --once' from a scheduled "
               "task instead\n");
  return 2;
}

}  // namespace surveyor::agent
