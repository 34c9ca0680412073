// The Windows collection's cost under Wine (tests/bench/windows_collect.sh
// runs it beside reg.exe, the floor). Not a test: it measures and prints.
//   surveyor-windows-collect-bench.exe --setup N    N Uninstall entries
//   surveyor-windows-collect-bench.exe --collect    host + software, once
//   surveyor-windows-collect-bench.exe --cleanup
#include <windows.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "collectors/host/windows_host_probe.h"
#include "collectors/software/windows_programs_probe.h"
#include "collectors/windows/registry_view.h"
#include "collectors/windows/wmi.h"
#include "common/printable.h"

namespace {

namespace windows = surveyor::collectors::windows;

constexpr wchar_t kUninstall[] =
    L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall";
constexpr wchar_t kPrefix[] = L"SurveyorBench-";

void Set(HKEY key, const wchar_t* name, const std::wstring& value) {
  RegSetValueExW(key, name, 0, REG_SZ,
                 reinterpret_cast<const BYTE*>(value.c_str()),
                 static_cast<DWORD>((value.size() + 1) * sizeof(wchar_t)));
}

int Setup(int count) {
  for (int i = 0; i < count; ++i) {
    const std::wstring path =
        std::wstring(kUninstall) + L"\\" + kPrefix + std::to_wstring(i);
    HKEY key = nullptr;
    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, path.c_str(), 0, nullptr, 0,
                        KEY_ALL_ACCESS | KEY_WOW64_64KEY, nullptr, &key,
                        nullptr) != ERROR_SUCCESS) {
      std::fprintf(stderr, "cannot create %ls\n", path.c_str());
      return 1;
    }
    // What a typical installer writes.
    Set(key, L"DisplayName", L"Bench Program " + std::to_wstring(i));
    Set(key, L"DisplayVersion", L"1." + std::to_wstring(i) + L".0");
    Set(key, L"Publisher", L"Bench Publisher " + std::to_wstring(i % 40));
    Set(key, L"InstallLocation",
        L"C:\\Program Files\\Bench\\" + std::to_wstring(i));
    Set(key, L"UninstallString",
        L"MsiExec.exe /X{" + std::to_wstring(10000000 + i) + L"}");
    Set(key, L"InstallDate", L"20240115");
    const DWORD size = 1024u * static_cast<DWORD>(i + 1);
    RegSetValueExW(key, L"EstimatedSize", 0, REG_DWORD,
                   reinterpret_cast<const BYTE*>(&size), sizeof(size));
    RegCloseKey(key);
  }
  return 0;
}

int Cleanup() {
  HKEY uninstall = nullptr;
  if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, kUninstall, 0,
                    KEY_ALL_ACCESS | KEY_WOW64_64KEY,
                    &uninstall) != ERROR_SUCCESS) {
    return 0;
  }
  for (;;) {
    wchar_t name[256];
    DWORD length = 256;
    bool deleted = false;
    for (DWORD i = 0; RegEnumKeyExW(uninstall, i, name, &length, nullptr,
                                    nullptr, nullptr, nullptr) == ERROR_SUCCESS;
         ++i, length = 256) {
      if (std::wstring_view(name).starts_with(kPrefix)) {
        RegDeleteTreeW(uninstall, name);
        deleted = true;
        break;
      }
    }
    if (!deleted) break;
  }
  RegCloseKey(uninstall);
  return 0;
}

int Collect() {
  using Clock = std::chrono::steady_clock;
  const auto ms_since = [](Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
  };
  const auto start = Clock::now();
  auto registry = windows::NewSystemRegistryView();
  auto facts = surveyor::collectors::host::ReadWindowsHost(*registry);
  if (!facts) return 1;
  auto programs =
      surveyor::collectors::software::ReadWindowsPrograms(*registry);
  if (!programs) return 1;
  const double registry_ms = ms_since(start);
  const auto wmi_start = Clock::now();
  auto wmi = windows::NewSystemWmi();
  if (!surveyor::collectors::host::ReadWindowsHardware(*wmi, *facts)) return 1;
  const double wmi_ms = ms_since(wmi_start);
  std::printf(
      "%zu programs, host %s; in process: registry %.1f ms, WMI %.1f ms\n",
      programs->size(), surveyor::common::Printable(facts->os().name()).c_str(),
      registry_ms, wmi_ms);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "";
  if (mode == "--setup" && argc > 2) return Setup(std::atoi(argv[2]));
  if (mode == "--cleanup") return Cleanup();
  if (mode == "--collect") return Collect();
  std::fprintf(stderr,
               "usage: surveyor-windows-collect-bench.exe --setup N | "
               "--collect | --cleanup\n");
  return 2;
}
