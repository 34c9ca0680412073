// ProcessRunner on Windows: CreateProcessW with the quoted command line
// (command_line.h), stdout and stderr through pipes read on their own
// threads, a minimal environment, and a job object so a timeout or too much
// output ends the process and everything it started.
#include <windows.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "collectors/command_runner.h"
#include "collectors/registry_export.h"
#include "collectors/text_util.h"
#include "collectors/windows/command_line.h"
#include "collectors/windows/system_paths.h"
#include "common/win32_text.h"

namespace surveyor::collectors {
namespace {

using common::Wide;

using common::ErrorCode;
using common::Fail;

class OwnedHandle {
 public:
  explicit OwnedHandle(HANDLE h = nullptr) : h_(h) {}
  ~OwnedHandle() { Close(); }
  OwnedHandle(const OwnedHandle&) = delete;
  OwnedHandle& operator=(const OwnedHandle&) = delete;
  HANDLE get() const { return h_; }
  HANDLE* out() { return &h_; }
  void Close() {
    if (h_ != nullptr && h_ != INVALID_HANDLE_VALUE) CloseHandle(h_);
    h_ = nullptr;
  }

 private:
  HANDLE h_;
};

// Reads `pipe` to its end, keeping at most `cap` bytes; sets `over` when
// there was more.
void Drain(HANDLE pipe, std::size_t cap, std::string& out,
           std::atomic<bool>& over) {
  char buffer[8192];
  DWORD n = 0;
  while (ReadFile(pipe, buffer, sizeof(buffer), &n, nullptr) && n > 0) {
    if (out.size() + n > cap) {
      out.append(buffer, cap - out.size());
      over = true;
      return;
    }
    out.append(buffer, n);
  }
}

}  // namespace

std::vector<std::string> ProcessRunner::DefaultAllowlist() {
  const std::string system = windows::SystemDirectory();
  return {system + "\\wbadmin.exe"};
}

std::expected<CommandResult, common::Error> ProcessRunner::Run(
    const std::vector<std::string>& argv, const CommandOptions& options) {
  if (argv.empty() || argv[0].size() < 3 || argv[0][1] != ':' ||
      argv[0][2] != '\\') {
    return Fail(ErrorCode::kInvalidArgument,
                "command must be an absolute path");
  }
  const std::string& path = argv[0];
  if (std::none_of(
          allowlist_.begin(), allowlist_.end(),
          [&](const std::string& a) { return EqualsIgnoreCase(a, path); })) {
    return Fail(ErrorCode::kPermissionDenied,
                path + ": not in the command allowlist");
  }
  const std::wstring wide_path = Wide(path);
  if (GetFileAttributesW(wide_path.c_str()) == INVALID_FILE_ATTRIBUTES) {
    return Fail(ErrorCode::kNotFound, path + ": not installed");
  }

  SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  OwnedHandle out_read, out_write, err_read, err_write;
  if (!CreatePipe(out_read.out(), out_write.out(), &inherit, 0) ||
      !CreatePipe(err_read.out(), err_write.out(), &inherit, 0)) {
    return Fail(ErrorCode::kIo, path + ": cannot create pipes");
  }
  // Only the child's ends are inherited.
  SetHandleInformation(out_read.get(), HANDLE_FLAG_INHERIT, 0);
  SetHandleInformation(err_read.get(), HANDLE_FLAG_INHERIT, 0);
  OwnedHandle nul(CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ, &inherit,
                              OPEN_EXISTING, 0, nullptr));

  // A minimal environment: what Windows programs need to start, and the
  // caller's entries. Sorted, as CreateProcess expects.
  const std::string system = windows::SystemDirectory();
  std::vector<std::string> env = {
      "PATH=" + system,
      "SystemRoot=" + system.substr(0, system.rfind('\\')),
  };
  env.insert(env.end(), options.env.begin(), options.env.end());
  std::sort(env.begin(), env.end(), [](const auto& a, const auto& b) {
    return AsciiLower(a) < AsciiLower(b);
  });
  std::wstring block;
  for (const std::string& e : env) block += Wide(e) + L'\0';
  block += L'\0';

  STARTUPINFOW startup{};
  startup.cb = sizeof(startup);
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = nul.get();
  startup.hStdOutput = out_write.get();
  startup.hStdError = err_write.get();
  std::wstring command_line = Wide(windows::CommandLine(argv));
  PROCESS_INFORMATION process{};
  OwnedHandle job(CreateJobObjectW(nullptr, nullptr));
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  SetInformationJobObject(job.get(), JobObjectExtendedLimitInformation, &limits,
                          sizeof(limits));
  if (!CreateProcessW(
          wide_path.c_str(), command_line.data(), nullptr, nullptr, TRUE,
          CREATE_NO_WINDOW | CREATE_UNICODE_ENVIRONMENT | CREATE_SUSPENDED,
          block.data(), nullptr, &startup, &process)) {
    return Fail(ErrorCode::kIo, path + ": cannot start (error " +
                                    std::to_string(GetLastError()) + ")");
  }
  OwnedHandle process_handle(process.hProcess);
  OwnedHandle thread_handle(process.hThread);
  // In the job before it runs a single instruction, so what it starts is in
  // it too.
  AssignProcessToJobObject(job.get(), process.hProcess);
  ResumeThread(process.hThread);
  out_write.Close();
  err_write.Close();

  CommandResult result;
  std::atomic<bool> out_over = false, err_over = false;
  std::thread out_reader(
      [&] { Drain(out_read.get(), options.max_output, result.out, out_over); });
  std::thread err_reader(
      [&] { Drain(err_read.get(), 64u << 10, result.err, err_over); });
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  bool timed_out = false;
  for (;;) {
    if (WaitForSingleObject(process.hProcess, 50) == WAIT_OBJECT_0) break;
    if (out_over) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      timed_out = true;
      break;
    }
  }
  if (timed_out || out_over) {
    TerminateJobObject(job.get(), 1);
    WaitForSingleObject(process.hProcess, 5000);
  }
  // The pipes end when every process holding them has exited.
  if (out_over) CancelIoEx(out_read.get(), nullptr);
  out_reader.join();
  err_reader.join();
  if (timed_out) {
    return Fail(ErrorCode::kResourceExhausted,
                path + ": timed out after " +
                    std::to_string(options.timeout.count()) + " ms");
  }
  if (out_over) {
    return Fail(ErrorCode::kResourceExhausted,
                path + ": printed more than " +
                    std::to_string(options.max_output) + " bytes");
  }
  DWORD code = 0;
  GetExitCodeProcess(process.hProcess, &code);
  result.exit_code = static_cast<int>(code);
  return result;
}

}  // namespace surveyor::collectors
