// The daemon on Windows. With --service (the service's command line,
// "surveyor-agent.exe run --service --config FILE") it is the SurveyorAgent
// service: reports running, and stops within seconds on the SCM's stop or
// shutdown. Without, it runs in the foreground until Ctrl+C. Both set one stop
// event, which the daemon's loop waits on; the Uninstall keys are watched with
// RegNotifyChangeKeyValue (collectors/windows/registry_watch.h).
#include <windows.h>
// windows.h first.
#include <malloc.h>

#include <boost/asio/windows/object_handle.hpp>
#include <cstdio>
#include <optional>

#include "agent/agent_config.h"
#include "agent/daemon.h"
#include "agent/daemon_host.h"
#include "collectors/software/windows_programs_probe.h"
#include "collectors/windows/registry_watch.h"
#include "common/logging.h"
#include "common/printable.h"
#include "common/private_path.h"

namespace surveyor::agent {
namespace {

namespace asio = boost::asio;

constexpr wchar_t kServiceName[] = L"SurveyorAgent";

std::atomic<bool> g_stop{false};
HANDLE g_stop_event = nullptr;  // Manual reset; made by InstallStopHandlers.

void RequestStop() {
  g_stop.store(true);
  if (g_stop_event != nullptr) SetEvent(g_stop_event);
}

BOOL WINAPI OnConsoleEvent(DWORD) {
  RequestStop();
  return TRUE;
}

// Waits on a HANDLE from the io_context's thread; asio closes its own
// duplicate.
std::unique_ptr<asio::windows::object_handle> WaitOn(asio::io_context& io,
                                                     HANDLE handle) {
  HANDLE copy = nullptr;
  if (!DuplicateHandle(GetCurrentProcess(), handle, GetCurrentProcess(), &copy,
                       SYNCHRONIZE, FALSE, 0)) {
    return nullptr;
  }
  return std::make_unique<asio::windows::object_handle>(io, copy);
}

class WindowsDaemonEvents final : public DaemonEvents {
 public:
  explicit WindowsDaemonEvents(asio::io_context& io) : io_(io) {}

  void WatchControl(std::function<void()> on_stop,
                    std::function<void()>) override {
    stop_ = WaitOn(io_, g_stop_event);
    if (stop_ == nullptr) return;
    stop_->async_wait(
        [on_stop = std::move(on_stop)](const boost::system::error_code& ec) {
          if (!ec) on_stop();
        });
  }

  void WatchSoftware(const v1::AgentConfig&,
                     std::function<void()> on_change) override {
    auto registry = collectors::windows::NewSystemRegistryView();
    auto watch = collectors::windows::RegistryWatch::Open(
        collectors::software::WindowsSoftwareKeys(*registry));
    if (!watch) {
      common::Logger("agent")->warn("not watching the software keys: {}",
                                    watch.error().message);
      return;
    }
    watch_.emplace(std::move(*watch));
    on_change_ = std::move(on_change);
    for (void* event : watch_->events()) {
      changed_.push_back(WaitOn(io_, static_cast<HANDLE>(event)));
    }
    for (std::size_t i = 0; i < changed_.size(); ++i) WaitForChange(i);
  }

 private:
  // Waits for the i-th key's change; then rearms the watch (every key's
  // event reset, every notification asked again) and reports it.
  void WaitForChange(std::size_t i) {
    if (changed_[i] == nullptr) return;
    changed_[i]->async_wait([this, i](const boost::system::error_code& ec) {
      if (ec) return;
      if (auto rearmed = watch_->Rearm(); !rearmed) {
        common::Logger("agent")->warn("registry watch: {}",
                                      rearmed.error().message);
        return;
      }
      on_change_();
      WaitForChange(i);
    });
  }

  asio::io_context& io_;
  std::unique_ptr<asio::windows::object_handle> stop_;
  std::vector<std::unique_ptr<asio::windows::object_handle>> changed_;
  std::optional<collectors::windows::RegistryWatch> watch_;
  std::function<void()> on_change_;
};

// The service: what ServiceMain needs from RunDaemon.
struct Service {
  std::string config_path;
  v1::AgentConfig config;
  SERVICE_STATUS_HANDLE handle = nullptr;
  SERVICE_STATUS status{};
  int exit_code = 0;
  // Why it cannot run (a configuration that does not load): logged, then
  // the service stops with exit code 2.
  std::string start_failure;
};
Service* g_service = nullptr;

void Report(DWORD state, DWORD exit_code = NO_ERROR) {
  g_service->status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
  g_service->status.dwCurrentState = state;
  g_service->status.dwControlsAccepted =
      state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN
                               : 0;
  g_service->status.dwWin32ExitCode =
      exit_code == NO_ERROR ? NO_ERROR : ERROR_SERVICE_SPECIFIC_ERROR;
  g_service->status.dwServiceSpecificExitCode = exit_code;
  g_service->status.dwWaitHint = state == SERVICE_STOP_PENDING ? 5000 : 0;
  SetServiceStatus(g_service->handle, &g_service->status);
}

DWORD WINAPI OnServiceControl(DWORD control, DWORD, void*, void*) {
  switch (control) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN:
      Report(SERVICE_STOP_PENDING);
      RequestStop();
      return NO_ERROR;
    case SERVICE_CONTROL_INTERROGATE:
      return NO_ERROR;
    default:
      return ERROR_CALL_NOT_IMPLEMENTED;
  }
}

void WINAPI ServiceMain(DWORD, LPWSTR*) {
  g_service->handle =
      RegisterServiceCtrlHandlerExW(kServiceName, OnServiceControl, nullptr);
  if (g_service->handle == nullptr) return;
  // A service has no standard error: the log goes beside the state (the
  // default one when the configuration did not load). The workers' lines
  // are relayed into it (cycle_worker_win32.cc).
  const std::string state_dir = g_service->start_failure.empty()
                                    ? g_service->config.state_dir()
                                    : DefaultStateDir();
  common::MakePrivateDirectory(state_dir);
  if (auto logged = common::LogToFile(state_dir + "\\agent.log"); !logged) {
    Report(SERVICE_STOPPED, 2);
    return;
  }
  if (!g_service->start_failure.empty()) {
    common::Logger("agent")->error("the service cannot start: {}",
                                   common::Printable(g_service->start_failure));
    Report(SERVICE_STOPPED, 2);
    return;
  }
  Report(SERVICE_RUNNING);
  common::Logger("agent")->info("running as the SurveyorAgent service");
  g_service->exit_code = RunDaemonLoop(std::move(g_service->config_path),
                                       std::move(g_service->config));
  Report(SERVICE_STOPPED, static_cast<DWORD>(g_service->exit_code));
}

// Hands `service` to the service control manager until it stops.
int Dispatch(Service& service) {
  g_service = &service;
  SERVICE_TABLE_ENTRYW table[] = {
      {const_cast<LPWSTR>(kServiceName), ServiceMain}, {nullptr, nullptr}};
  if (StartServiceCtrlDispatcherW(table)) return service.exit_code;
  std::fprintf(stderr,
               "surveyor-agent run --service: not started by the service "
               "control manager (error %lu); without --service it runs in "
               "the foreground\n",
               GetLastError());
  return 2;
}

}  // namespace

std::atomic<bool>& StopFlag() { return g_stop; }

void InstallStopHandlers() {
  if (g_stop_event == nullptr) {
    g_stop_event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  }
  SetConsoleCtrlHandler(OnConsoleEvent, TRUE);
}

std::unique_ptr<DaemonEvents> NewDaemonEvents(asio::io_context& io) {
  return std::make_unique<WindowsDaemonEvents>(io);
}

void ReleaseFreeMemory() {
  _heapmin();
  // Pages of the start-up's work not touched while idle leave the working
  // set; they come back from the file or the page file if needed.
  SetProcessWorkingSetSize(GetCurrentProcess(), static_cast<SIZE_T>(-1),
                           static_cast<SIZE_T>(-1));
}

int RunDaemon(std::string config_path, v1::AgentConfig config,
              bool as_service) {
  // From a console: in the foreground until Ctrl+C. (Not decided by
  // StartServiceCtrlDispatcher's failure: under Wine it waits instead.)
  if (!as_service) {
    return RunDaemonLoop(std::move(config_path), std::move(config));
  }
  Service service;
  service.config_path = std::move(config_path);
  service.config = std::move(config);
  return Dispatch(service);
}

int ReportStartFailure(const std::string& message, bool as_service) {
  std::fprintf(stderr, "%s\n", message.c_str());
  if (!as_service) return 2;
  Service service;
  service.start_failure = message;
  Dispatch(service);
  return 2;
}

}  // namespace surveyor::agent
