// surveyor-msi-actions.dll: the MSI's custom action that configures the
// agent (install/windows/surveyor-agent.wxs). It runs the installed
// `surveyor-agent.exe configure` with the enrollment secret on its standard
// input, so the secret is on no command line, and puts what configure says
// into the installer's log, where an administrator reading a failed /qn
// install's log finds why.
//
// Deferred, as SYSTEM: its only input is CustomActionData, which the
// SetConfigureAgentData action sets to INSTALLDIR, SERVER_URL, CA_FILE and
// ENROLL_SECRET separated by tabs (none of them can hold one).
#include <windows.h>
// windows.h first.
#include <msi.h>
#include <msiquery.h>

#include <string>
#include <string_view>
#include <vector>

#include "collectors/windows/command_line.h"
#include "common/win32_text.h"

namespace {

std::wstring Property(MSIHANDLE install, const wchar_t* name) {
  wchar_t empty[1] = L"";
  DWORD size = 0;
  if (MsiGetPropertyW(install, name, empty, &size) != ERROR_MORE_DATA) {
    return L"";
  }
  std::wstring value(size + 1, L'\0');
  size += 1;
  if (MsiGetPropertyW(install, name, value.data(), &size) != ERROR_SUCCESS) {
    return L"";
  }
  value.resize(size);
  return value;
}

// One line into the installer's log (INSTALLMESSAGE_INFO). The text is a
// field of its own: field 0 is a template, where brackets are references.
void Log(MSIHANDLE install, const std::wstring& text) {
  const MSIHANDLE record = MsiCreateRecord(1);
  MsiRecordSetStringW(record, 0, L"[1]");
  MsiRecordSetStringW(record, 1, text.c_str());
  MsiProcessMessage(install, INSTALLMESSAGE_INFO, record);
  MsiCloseHandle(record);
}

std::vector<std::wstring> SplitTabs(const std::wstring& data) {
  std::vector<std::wstring> fields;
  std::size_t start = 0;
  for (;;) {
    const auto tab = data.find(L'\t', start);
    fields.push_back(data.substr(start, tab - start));
    if (tab == std::wstring::npos) return fields;
    start = tab + 1;
  }
}

struct Pipe {
  HANDLE read = nullptr;
  HANDLE write = nullptr;
  ~Pipe() {
    if (read != nullptr) CloseHandle(read);
    if (write != nullptr) CloseHandle(write);
  }
};

}  // namespace

// ERROR_SUCCESS when configure succeeded; ERROR_INSTALL_FAILURE otherwise,
// which fails and rolls back the install.
extern "C" __declspec(dllexport) UINT
    __stdcall ConfigureAgent(MSIHANDLE install) {
  using surveyor::common::Narrow;
  const auto fields = SplitTabs(Property(install, L"CustomActionData"));
  if (fields.size() != 4) {
    Log(install, L"surveyor-agent: ConfigureAgent: malformed CustomActionData");
    return ERROR_INSTALL_FAILURE;
  }
  const std::wstring& dir = fields[0];
  const std::string exe = Narrow(dir) + "surveyor-agent.exe";
  std::vector<std::string> argv = {exe, "configure", "--server-url",
                                   Narrow(fields[1])};
  if (!fields[2].empty()) {
    argv.insert(argv.end(), {"--ca-file", Narrow(fields[2])});
  }
  const std::string secret = Narrow(fields[3]);
  if (!secret.empty()) argv.push_back("--enroll-secret-stdin");

  SECURITY_ATTRIBUTES inherit{sizeof(inherit), nullptr, TRUE};
  Pipe in, out;
  if (!CreatePipe(&in.read, &in.write, &inherit, 0) ||
      !CreatePipe(&out.read, &out.write, &inherit, 0)) {
    Log(install, L"surveyor-agent: ConfigureAgent: cannot make pipes");
    return ERROR_INSTALL_FAILURE;
  }
  SetHandleInformation(in.write, HANDLE_FLAG_INHERIT, 0);
  SetHandleInformation(out.read, HANDLE_FLAG_INHERIT, 0);
  STARTUPINFOW si{};
  si.cb = sizeof(si);
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = in.read;
  si.hStdOutput = out.write;
  si.hStdError = out.write;
  std::wstring command =
      surveyor::common::Wide(surveyor::collectors::windows::CommandLine(argv));
  PROCESS_INFORMATION pi{};
  if (!CreateProcessW(surveyor::common::Wide(exe).c_str(), command.data(),
                      nullptr, nullptr, TRUE, CREATE_NO_WINDOW, nullptr,
                      nullptr, &si, &pi)) {
    Log(install, L"surveyor-agent: ConfigureAgent: cannot start " +
                     surveyor::common::Wide(exe));
    return ERROR_INSTALL_FAILURE;
  }
  CloseHandle(pi.hThread);
  CloseHandle(in.read);
  in.read = nullptr;
  CloseHandle(out.write);
  out.write = nullptr;
  // The secret, then end of input: a line far smaller than the pipe.
  const std::string line = secret + "\n";
  DWORD written = 0;
  if (!secret.empty()) {
    WriteFile(in.write, line.data(), static_cast<DWORD>(line.size()), &written,
              nullptr);
  }
  CloseHandle(in.write);
  in.write = nullptr;
  std::string said;
  char buffer[1024];
  DWORD n = 0;
  while (said.size() < 64 * 1024 &&
         ReadFile(out.read, buffer, sizeof(buffer), &n, nullptr) && n > 0) {
    said.append(buffer, n);
  }
  WaitForSingleObject(pi.hProcess, 60000);
  DWORD code = 1;
  GetExitCodeProcess(pi.hProcess, &code);
  CloseHandle(pi.hProcess);
  std::size_t start = 0;
  const std::wstring output = surveyor::common::Wide(said);
  while (start < output.size()) {
    auto end = output.find(L'\n', start);
    if (end == std::wstring::npos) end = output.size();
    std::wstring text = output.substr(start, end - start);
    if (!text.empty() && text.back() == L'\r') text.pop_back();
    // Control characters never reach the log (configure escapes what it
    // quotes; this is for anything else).
    for (wchar_t& c : text) {
      if (c < L' ' || c == 0x7f) c = L'?';
    }
    if (!text.empty()) Log(install, L"surveyor-agent: " + text);
    start = end + 1;
  }
  if (code != 0) {
    Log(install, L"surveyor-agent: configure exited " + std::to_wstring(code));
    return ERROR_INSTALL_FAILURE;
  }
  return ERROR_SUCCESS;
}
