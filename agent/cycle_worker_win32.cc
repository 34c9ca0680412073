// The cycle worker on Windows: the agent's own executable started again as
// `run --worker --config FILE [--only LIST] [--send-only]`, its outcome line
// read from its standard output once it has exited (the line is far
// smaller than a pipe's buffer). Its log lines (standard error) are relayed
// into the daemon's log, which is agent.log under the service, where
// standard error goes nowhere. Stop waits out the grace period and then
// ends it: the outbox's transactions keep a cut-short cycle from losing or
// half-writing anything.
#include <windows.h>
// windows.h first.
#include <boost/asio/windows/object_handle.hpp>
#include <string_view>
#include <thread>

#include "agent/cycle_worker.h"
#include "collectors/windows/command_line.h"
#include "common/logging.h"
#include "common/printable.h"
#include "common/win32_text.h"

namespace surveyor::agent {
namespace {

namespace asio = boost::asio;

std::string SelfPath() {
  std::wstring path(MAX_PATH, L'\0');
  for (;;) {
    const DWORD n = GetModuleFileNameW(nullptr, path.data(),
                                       static_cast<DWORD>(path.size()));
    if (n < path.size()) {
      path.resize(n);
      return common::Narrow(path);
    }
    path.resize(path.size() * 2);
  }
}

// One line of the worker's log ("<level> [<logger>] <message>", the pattern
// RunWorker sets) into this process's log at its level.
void RelayLine(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty()) return;
  const auto space = line.find(' ');
  auto level = spdlog::level::from_str(std::string(line.substr(0, space)));
  if (level == spdlog::level::off || space == std::string_view::npos) {
    level = spdlog::level::info;  // Not a log line: kept whole.
  } else {
    line.remove_prefix(space + 1);
  }
  common::Logger("worker")->log(level, "{}", common::Printable(line, 2000));
}

// Relays the worker's standard error, on a thread of its own (asio cannot
// wait on an anonymous pipe), until every copy of the pipe's write end is
// closed: the worker, and whatever it started, have exited. It owns `read`.
void RelayWorkerLog(HANDLE read) {
  std::thread([read] {
    std::string pending;
    char buffer[4096];
    DWORD n = 0;
    while (ReadFile(read, buffer, sizeof(buffer), &n, nullptr) && n > 0) {
      pending.append(buffer, n);
      std::size_t newline;
      while ((newline = pending.find('\n')) != std::string::npos) {
        RelayLine(std::string_view(pending).substr(0, newline));
        pending.erase(0, newline + 1);
      }
      if (pending.size() > 64 * 1024) {  // A line without an end.
        RelayLine(pending);
        pending.clear();
      }
    }
    RelayLine(pending);
    CloseHandle(read);
  }).detach();
}

class ProcessCycleWorker final : public CycleWorker {
 public:
  ProcessCycleWorker(asio::io_context& io, std::string config_path)
      : io_(io), config_path_(std::move(config_path)) {}
  ~ProcessCycleWorker() override { Stop(std::chrono::milliseconds(1500)); }

  bool busy() const override { return process_ != nullptr; }

  bool Start(const v1::AgentConfig&, const CycleRequest& request,
             Done done) override {
    if (busy()) return false;
    std::vector<std::string> argv = {SelfPath(), "run", "--worker", "--config",
                                     config_path_};
    if (!request.collect) argv.push_back("--send-only");
    if (request.collect && !request.only.empty()) {
      std::string only;
      for (const auto& name : request.only) {
        only += (only.empty() ? "" : ",") + name;
      }
      argv.push_back("--only");
      argv.push_back(only);
    }
    SECURITY_ATTRIBUTES inherit{sizeof(inherit), nullptr, TRUE};
    HANDLE read = nullptr, write = nullptr;
    if (!CreatePipe(&read, &write, &inherit, 0)) return false;
    SetHandleInformation(read, HANDLE_FLAG_INHERIT, 0);
    HANDLE log_read = nullptr, log_write = nullptr;
    if (!CreatePipe(&log_read, &log_write, &inherit, 0)) {
      CloseHandle(read);
      CloseHandle(write);
      return false;
    }
    SetHandleInformation(log_read, HANDLE_FLAG_INHERIT, 0);
    STARTUPINFOW si{};
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = write;
    si.hStdError = log_write;
    std::wstring command = common::Wide(collectors::windows::CommandLine(argv));
    PROCESS_INFORMATION pi{};
    const BOOL started = CreateProcessW(
        common::Wide(argv[0]).c_str(), command.data(), nullptr, nullptr, TRUE,
        CREATE_NO_WINDOW, nullptr, nullptr, &si, &pi);
    CloseHandle(write);
    CloseHandle(log_write);
    if (!started) {
      CloseHandle(read);
      CloseHandle(log_read);
      return false;
    }
    RelayWorkerLog(log_read);
    CloseHandle(pi.hThread);
    process_ = pi.hProcess;
    pipe_ = read;
    done_ = std::move(done);
    // A duplicate for asio, which closes what it waits on.
    HANDLE wait = nullptr;
    DuplicateHandle(GetCurrentProcess(), process_, GetCurrentProcess(), &wait,
                    SYNCHRONIZE, FALSE, 0);
    exited_ = std::make_unique<asio::windows::object_handle>(io_, wait);
    exited_->async_wait([this](const boost::system::error_code& ec) {
      if (!ec && busy()) Finish();
    });
    return true;
  }

  void Stop(std::chrono::milliseconds grace) override {
    if (!busy()) return;
    if (WaitForSingleObject(process_, static_cast<DWORD>(grace.count())) !=
        WAIT_OBJECT_0) {
      TerminateProcess(process_, 1);
      WaitForSingleObject(process_, 5000);
    }
    Release();
    done_ = nullptr;
  }

 private:
  void Finish() {
    std::string received;
    char buffer[512];
    DWORD n = 0;
    while (received.size() < (1u << 20) &&
           ReadFile(pipe_, buffer, sizeof(buffer), &n, nullptr) && n > 0) {
      received.append(buffer, n);
    }
    DWORD code = 1;
    GetExitCodeProcess(process_, &code);
    Release();
    CycleOutcome outcome;
    if (auto decoded = DecodeOutcome(received); decoded && code == 0) {
      outcome = std::move(*decoded);
    } else {
      outcome.collect_failed = true;
      outcome.retry_in = std::chrono::seconds(60);
      outcome.error = "cycle worker exited with status " + std::to_string(code);
      common::Logger("agent")->error("{}", outcome.error);
    }
    Done done = std::move(done_);
    done_ = nullptr;
    if (done) done(std::move(outcome));
  }

  void Release() {
    exited_.reset();
    if (pipe_ != nullptr) CloseHandle(pipe_);
    if (process_ != nullptr) CloseHandle(process_);
    pipe_ = process_ = nullptr;
  }

  asio::io_context& io_;
  std::string config_path_;
  HANDLE process_ = nullptr;
  HANDLE pipe_ = nullptr;
  std::unique_ptr<asio::windows::object_handle> exited_;
  Done done_;
};

}  // namespace

std::unique_ptr<CycleWorker> NewCycleWorker(asio::io_context& io,
                                            WorkerSetup setup) {
  return std::make_unique<ProcessCycleWorker>(io, std::move(setup.config_path));
}

}  // namespace surveyor::agent
