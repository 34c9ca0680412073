// How the daemon is hosted on this OS. Linux (daemon_host.cc): signals
// through a self-pipe (SIGTERM/SIGINT stop, SIGHUP reloads) and inotify on
// the package databases. Windows (daemon_host_win32.cc): the service control
// manager or, from a console, Ctrl+C, through one stop event, and the
// registry watch on the Uninstall keys.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>

#include "surveyor/v1/agent_config.pb.h"

namespace surveyor::agent {

// Set when the agent is asked to stop; checked by cycles and transfers.
std::atomic<bool>& StopFlag();

// Installs what sets StopFlag(): signal handlers, or a console handler.
void InstallStopHandlers();

// `run` without --once: the daemon loop (daemon.h); with `as_service`
// (`run --service`, Windows only) as the service the service control
// manager started. The exit status.
int RunDaemon(std::string config_path, v1::AgentConfig config, bool as_service);

// `run` cannot start (its configuration does not load): `message` on
// standard error; with `as_service` (Windows) also in agent.log in the
// default state directory, and the service stops with exit code 2, so the
// service control manager reports a service-specific error at once. Returns
// 2, the exit status.
int ReportStartFailure(const std::string& message, bool as_service);

// What the daemon waits on besides its timers.
class DaemonEvents {
 public:
  virtual ~DaemonEvents() = default;
  // `on_stop` when asked to stop; `on_reload` when asked to reread the
  // configuration (SIGHUP; Windows has none).
  virtual void WatchControl(std::function<void()> on_stop,
                            std::function<void()> on_reload) = 0;
  // `on_change` when the software sources change: dpkg's or rpm's database
  // under the configured root; the Uninstall keys on Windows.
  virtual void WatchSoftware(const v1::AgentConfig& config,
                             std::function<void()> on_change) = 0;
  // In a forked worker before its cycle (Linux: leave the signal pipe).
  virtual void InChild() {}
};

std::unique_ptr<DaemonEvents> NewDaemonEvents(boost::asio::io_context& io);

// Gives freed heap memory back to the system (before idling).
void ReleaseFreeMemory();

}  // namespace surveyor::agent
