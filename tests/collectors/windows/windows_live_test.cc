// The Windows probes on the live system (run under Wine in CI): keys
// written here with the Win32 API, read back through the RegistryView;
// Uninstall entries in both machine views and the user's hive found by the
// programs probe, app packages in AppxAllUserStore by the app package probe;
// host facts and WMI checked against the Win32 API.
#include <windows.h>
// windows.h first: shellapi.h needs its types.
#include <gtest/gtest.h>
#include <shellapi.h>

#include <map>
#include <optional>
#include <string>

#include "collectors/backup/windows_backup_probe.h"
#include "collectors/command_runner.h"
#include "collectors/host/windows_host_probe.h"
#include "collectors/protection/windows_protection_probe.h"
#include "collectors/software/windows_programs_probe.h"
#include "collectors/windows/command_line.h"
#include "collectors/windows/event_log.h"
#include "collectors/windows/registry_view.h"
#include "collectors/windows/registry_watch.h"
#include "collectors/windows/wmi.h"
#include "common/win32_text.h"
#include "tests/collectors/windows/scratch_key.h"

namespace surveyor::collectors {
namespace {

using common::Narrow;

using surveyor::testing::ScratchKey;
using surveyor::testing::TestMutex;
using surveyor::testing::Unique;

TEST(SystemRegistryViewTest, ReadsEveryValueTypeAndNonAsciiNames) {
  const std::wstring base = Unique(L"Software\\SurveyorTest");
  ScratchKey parent(HKEY_CURRENT_USER, base);
  ScratchKey child(HKEY_CURRENT_USER, base + L"\\Zoom \u00e9\u65e5");
  parent.SetString(L"Name", L"caf\u00e9 \u65e5\u672c");
  parent.SetString(L"Path", L"%ProgramFiles%\\X", REG_EXPAND_SZ);
  const wchar_t multi[] = L"one\0two\0";
  parent.SetRaw(L"Multi", REG_MULTI_SZ, multi, sizeof(multi));
  const DWORD dword = 0x01020304;
  parent.SetRaw(L"Dword", REG_DWORD, &dword, sizeof(dword));
  const unsigned long long qword = 0x0102030405060708ull;
  parent.SetRaw(L"Qword", REG_QWORD, &qword, sizeof(qword));
  parent.SetRaw(L"Bytes", REG_BINARY, "\x00\xff", 2);
  parent.SetString(L"", L"default");

  auto registry = windows::NewSystemRegistryView();
  const std::string path = "HKEY_CURRENT_USER\\" + Narrow(base);
  auto tree = registry->ReadTree(path, 1);
  ASSERT_TRUE(tree) << tree.error().message;
  ASSERT_EQ(tree->size(), 2u);
  const RegistryKey& key = (*tree)[0];
  EXPECT_EQ(key.path, path);
  EXPECT_EQ(key.String("name"), "caf\u00e9 \u65e5\u672c");
  EXPECT_EQ(key.Find("Path")->type, RegistryValue::Type::kExpandString);
  EXPECT_EQ(key.String("Path"), "%ProgramFiles%\\X");
  EXPECT_EQ(key.Find("Multi")->strings,
            (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(key.Number("Dword", 0), 0x01020304u);
  EXPECT_EQ(key.Number("Qword", 0), 0x0102030405060708ull);
  EXPECT_EQ(key.Find("Bytes")->bytes, std::string("\x00\xff", 2));
  EXPECT_EQ(key.String(""), "default");
  EXPECT_EQ((*tree)[1].path, path + "\\Zoom \u00e9\u65e5");

  auto names = registry->SubkeyNames(path);
  ASSERT_TRUE(names);
  EXPECT_EQ(*names, std::vector<std::string>{"Zoom \u00e9\u65e5"});
  auto only_key = registry->ReadTree(path, 0);
  ASSERT_TRUE(only_key);
  EXPECT_EQ(only_key->size(), 1u);
}

TEST(SystemRegistryViewTest, AbsentKeysAreEmptyUnknownRootsAnError) {
  auto registry = windows::NewSystemRegistryView();
  auto tree = registry->ReadTree("HKEY_LOCAL_MACHINE\\SOFTWARE\\NoSuchKey", 1);
  ASSERT_TRUE(tree);
  EXPECT_TRUE(tree->empty());
  auto bad = registry->ReadTree("HKEY_NOWHERE\\X", 1);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("HKEY_NOWHERE"), std::string::npos);
}

TEST(SystemRegistryViewTest, ProgramsProbeFindsBothMachineViewsAndTheUser) {
  const std::wstring uninstall =
      L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\";
  ScratchKey machine(HKEY_LOCAL_MACHINE, uninstall + Unique(L"SurveyorA"),
                     KEY_WOW64_64KEY);
  machine.SetString(L"DisplayName", L"Surveyor Test 64");
  machine.SetString(L"DisplayVersion", L"1.2.3");
  machine.SetString(L"Publisher", L"Surveyor Tests");
  ScratchKey x86(HKEY_LOCAL_MACHINE, uninstall + Unique(L"SurveyorB"),
                 KEY_WOW64_32KEY);
  x86.SetString(L"DisplayName", L"Surveyor Test 32");
  ScratchKey hidden(HKEY_LOCAL_MACHINE, uninstall + Unique(L"SurveyorC"),
                    KEY_WOW64_64KEY);
  hidden.SetString(L"DisplayName", L"Surveyor Hidden Runtime");
  const DWORD one = 1;
  hidden.SetRaw(L"SystemComponent", REG_DWORD, &one, sizeof(one));
  ScratchKey user(HKEY_CURRENT_USER,
                  L"Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\" +
                      Unique(L"SurveyorD"));
  user.SetString(L"DisplayName", L"Surveyor Test User \u00e9");

  auto registry = windows::NewSystemRegistryView();
  auto programs = software::ReadWindowsPrograms(*registry);
  ASSERT_TRUE(programs) << programs.error().message;
  std::map<std::string, v1::Package> by_name;
  for (const auto& p : *programs) by_name[p.name()] = p;
  ASSERT_EQ(by_name.count("Surveyor Test 64"), 1u);
  EXPECT_EQ(by_name["Surveyor Test 64"].version(), "1.2.3");
  EXPECT_EQ(by_name["Surveyor Test 64"].windows().scope(), "machine");
  ASSERT_EQ(by_name.count("Surveyor Test 32"), 1u);
  EXPECT_EQ(by_name["Surveyor Test 32"].windows().scope(), "machine-32");
  EXPECT_EQ(by_name.count("Surveyor Hidden Runtime"), 0u);
  // HKEY_CURRENT_USER is the logged-on user's hive under HKEY_USERS.
  ASSERT_EQ(by_name.count("Surveyor Test User \u00e9"), 1u);
  EXPECT_EQ(by_name["Surveyor Test User \u00e9"].windows().scope(), "user");
  EXPECT_TRUE(by_name["Surveyor Test User \u00e9"].windows().user().starts_with(
      "S-1-5-"));
}

// An Appx key for a test: Wine has none, so the test makes one and takes it
// away after (on a machine that has one, only the test's own keys go). A
// named mutex keeps the tests that use it, in their separate processes, one
// at a time.
class AppxKeyForTest {
 public:
  static constexpr const wchar_t* kAppx =
      L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Appx";
  AppxKeyForTest() {
    HKEY open = nullptr;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, kAppx, 0, KEY_READ, &open) ==
        ERROR_SUCCESS) {
      RegCloseKey(open);
    } else {
      whole_.emplace(HKEY_LOCAL_MACHINE, kAppx);
    }
  }

 private:
  TestMutex turn_{L"Local\\SurveyorAppxTests"};
  std::optional<ScratchKey> whole_;
};

TEST(SystemRegistryViewTest, AppxProbeFindsProvisionedAndPerUserPackages) {
  AppxKeyForTest appx_key;
  const std::wstring store =
      std::wstring(AppxKeyForTest::kAppx) + L"\\AppxAllUserStore";
  const std::wstring version =
      L"1.0." + std::to_wstring(GetCurrentProcessId() % 60000) + L".0";
  ScratchKey machine(HKEY_LOCAL_MACHINE, store +
                                             L"\\Applications\\Surveyor.Live_" +
                                             version + L"_x64__abcdefghjkmnp");
  ScratchKey user_store(HKEY_LOCAL_MACHINE, store + L"\\S-1-5-21-7-8-9-1001");
  ScratchKey user(HKEY_LOCAL_MACHINE,
                  store + L"\\S-1-5-21-7-8-9-1001\\Surveyor.Mine_" + version +
                      L"_neutral__abcdefghjkmnp");

  auto registry = windows::NewSystemRegistryView();
  auto apps = software::ReadAppxPackages(*registry);
  ASSERT_TRUE(apps) << apps.error().message;
  ASSERT_TRUE(*apps);
  std::map<std::string, v1::Package> by_name;
  for (const auto& p : **apps) by_name[p.name()] = p;
  ASSERT_EQ(by_name.count("Surveyor.Live"), 1u);
  EXPECT_EQ(by_name["Surveyor.Live"].version(), Narrow(version));
  EXPECT_EQ(by_name["Surveyor.Live"].architecture(), "x64");
  EXPECT_TRUE(by_name["Surveyor.Live"].msix().provisioned());
  ASSERT_EQ(by_name.count("Surveyor.Mine"), 1u);
  EXPECT_FALSE(by_name["Surveyor.Mine"].msix().provisioned());
  ASSERT_EQ(by_name["Surveyor.Mine"].msix().user_sids_size(), 1);
  EXPECT_EQ(by_name["Surveyor.Mine"].msix().user_sids(0),
            "S-1-5-21-7-8-9-1001");
}

TEST(SystemRegistryViewTest, HostFactsAgreeWithTheWin32Api) {
  auto registry = windows::NewSystemRegistryView();
  auto facts = host::ReadWindowsHost(*registry);
  ASSERT_TRUE(facts) << facts.error().message;
  EXPECT_EQ(facts->os().id(), "windows");
  EXPECT_FALSE(facts->os().name().empty());
  // MachineGuid: 36 characters, lowercase.
  EXPECT_EQ(facts->identity().machine_id().size(), 36u);
  wchar_t name[MAX_COMPUTERNAME_LENGTH + 1];
  DWORD size = MAX_COMPUTERNAME_LENGTH + 1;
  ASSERT_TRUE(GetComputerNameW(name, &size));
  EXPECT_EQ(facts->identity().hostname(), Narrow(std::wstring(name, size)));
  SYSTEM_INFO info;
  GetNativeSystemInfo(&info);
  EXPECT_EQ(facts->cpu_count(), info.dwNumberOfProcessors);
  EXPECT_EQ(facts->architecture(), "x86_64");
  // RtlGetVersion: GetVersionEx answers 6.2 to programs without a
  // compatibility manifest on Windows 8.1 and later.
  using RtlGetVersionFn = LONG(WINAPI*)(OSVERSIONINFOW*);
  auto rtl_get_version =
      reinterpret_cast<RtlGetVersionFn>(reinterpret_cast<void*>(
          GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "RtlGetVersion")));
  ASSERT_NE(rtl_get_version, nullptr);
  OSVERSIONINFOW version{};
  version.dwOSVersionInfoSize = sizeof(version);
  ASSERT_EQ(rtl_get_version(&version), 0);
  EXPECT_TRUE(facts->os().version_id().starts_with(
      std::to_string(version.dwMajorVersion) + "." +
      std::to_string(version.dwMinorVersion)))
      << facts->os().version_id();
}

TEST(SystemWmiTest, ComputerSystemAgreesWithTheWin32Api) {
  auto wmi = windows::NewSystemWmi();
  auto systems = wmi->Query("ROOT\\CIMV2",
                            "SELECT Name, TotalPhysicalMemory FROM "
                            "Win32_ComputerSystem");
  ASSERT_TRUE(systems) << systems.error().message;
  ASSERT_EQ(systems->size(), 1u);
  wchar_t name[MAX_COMPUTERNAME_LENGTH + 1];
  DWORD size = MAX_COMPUTERNAME_LENGTH + 1;
  ASSERT_TRUE(GetComputerNameW(name, &size));
  EXPECT_EQ((*systems)[0].Get("name"), Narrow(std::wstring(name, size)));

  v1::HostFacts facts;
  ASSERT_TRUE(host::ReadWindowsHardware(*wmi, facts));
  MEMORYSTATUSEX memory{};
  memory.dwLength = sizeof(memory);
  ASSERT_TRUE(GlobalMemoryStatusEx(&memory));
  EXPECT_EQ(facts.memory_bytes(), memory.ullTotalPhys);
  EXPECT_FALSE(facts.domain().empty());
}

TEST(SystemWmiTest, AnAbsentNamespaceIsNotFound) {
  auto wmi = windows::NewSystemWmi();
  auto none = wmi->Query("ROOT\\SurveyorNoSuchNamespace",
                         "SELECT * FROM AntiVirusProduct");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, common::ErrorCode::kNotFound)
      << none.error().message;
  auto no_class =
      wmi->Query("ROOT\\CIMV2", "SELECT * FROM Surveyor_NoSuchClass");
  // Windows reports an unknown class (WBEM_E_INVALID_CLASS); Wine answers
  // with no objects. Either way: nothing, and not a failure.
  if (no_class) {
    EXPECT_TRUE(no_class->empty());
  } else {
    EXPECT_EQ(no_class.error().code, common::ErrorCode::kNotFound)
        << no_class.error().message;
  }
}

TEST(SystemWmiTest, SecurityCenterDefenderAndBitLockerReadOrAreAbsent) {
  // Wine has no ROOT\SecurityCenter2 (nor has Windows Server): no products,
  // not an error. A Windows desktop lists at least Defender.
  auto wmi = windows::NewSystemWmi();
  auto products = protection::ReadSecurityCenter(*wmi);
  ASSERT_TRUE(products) << products.error().message;
  for (const auto& p : *products) EXPECT_FALSE(p.product().empty());
  // Likewise Defender's namespace: absent under Wine, read on Windows.
  auto defender = protection::ReadDefender(*wmi);
  ASSERT_TRUE(defender) << defender.error().message;
  if (*defender) {
    EXPECT_EQ((*defender)->vendor(), "Microsoft");
  }
  auto bitlocker = protection::ReadBitLocker(*wmi);
  ASSERT_TRUE(bitlocker) << bitlocker.error().message;
}

TEST(SystemEventLogTest, RecordsParseOrTheErrorNamesTheLog) {
  auto log = windows::NewSystemEventLog();
  // Windows: the System log's newest records, each an Event with its time.
  // Wine 8's wevtapi runs no query: an error naming the log, not a crash.
  auto records = log->Newest("System", "*", 5);
  if (records) {
    EXPECT_LE(records->size(), 5u);
    for (const auto& xml : *records) {
      auto r = windows::ParseEventRecordXml(xml);
      ASSERT_TRUE(r) << r.error().reason << ": " << xml;
      EXPECT_GT(r->time_created, 0);
    }
  } else {
    EXPECT_NE(records.error().message.find("event log 'System'"),
              std::string::npos)
        << records.error().message;
  }
  auto absent = log->Newest("Surveyor Test No Such Log", "*", 5);
  ASSERT_FALSE(absent);
  EXPECT_NE(absent.error().message.find("'Surveyor Test No Such Log'"),
            std::string::npos);
}

TEST(SystemRegistryViewTest, FirewallAndUpdatePostureReads) {
  // Wine has neither the firewall's nor Windows Update's keys: unknown.
  auto registry = windows::NewSystemRegistryView();
  v1::ProtectionState state;
  auto read = protection::ReadWindowsPosture(*registry, state);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(state.firewall().mechanism(), "windows");
  EXPECT_EQ(state.auto_updates().mechanism(), "windows-update");
}

// Runs `command` (Wine ships reg.exe) and waits for it.
DWORD RunProcess(std::wstring command) {
  STARTUPINFOW startup{};
  startup.cb = sizeof(startup);
  PROCESS_INFORMATION process{};
  if (!CreateProcessW(nullptr, command.data(), nullptr, nullptr, FALSE,
                      CREATE_NO_WINDOW, nullptr, nullptr, &startup, &process)) {
    return static_cast<DWORD>(-1);
  }
  WaitForSingleObject(process.hProcess, 30000);
  DWORD code = 0;
  GetExitCodeProcess(process.hProcess, &code);
  CloseHandle(process.hThread);
  CloseHandle(process.hProcess);
  return code;
}

TEST(RegistryWatchTest, ChangesBelowTheKeyFromAnyProcessSignal) {
  const std::wstring base = Unique(L"Software\\SurveyorWatch");
  ScratchKey uninstall(HKEY_CURRENT_USER, base);
  auto watch =
      windows::RegistryWatch::Open({"HKEY_CURRENT_USER\\" + Narrow(base),
                                    "HKEY_LOCAL_MACHINE\\SOFTWARE\\NoSuchKey"});
  ASSERT_TRUE(watch) << watch.error().message;
  EXPECT_FALSE(watch->Wait(200));

  // Another process installs a program: a subkey with a value.
  ASSERT_EQ(RunProcess(L"reg.exe add \"HKCU\\" + base +
                       L"\\Zoom\" /v DisplayName /d Zoom /f"),
            0u);
  EXPECT_TRUE(watch->Wait(10000));

  ASSERT_TRUE(watch->Rearm());
  EXPECT_FALSE(watch->Wait(200));
  // A value changed deeper down, by this process.
  ScratchKey zoom(HKEY_CURRENT_USER, base + L"\\Zoom");
  zoom.SetString(L"DisplayVersion", L"6.0.0");
  EXPECT_TRUE(watch->Wait(10000));
}

// What the daemon watches: the machine's Uninstall keys (both views) and
// each loaded user's. The change under HKLM must signal HKLM's own event
// (with one event shared by the keys, Wine signals only the last key's:
// other tests writing the user's Uninstall key at the same time would hide
// that from a wait on all).
TEST(RegistryWatchTest, TheUninstallKeysTheDaemonWatches) {
  auto registry = windows::NewSystemRegistryView();
  const auto keys = software::WindowsUninstallKeys(*registry);
  ASSERT_GE(keys.size(), 3u);  // Both HKLM views and the user's hive.
  auto watch = windows::RegistryWatch::Open(keys);
  ASSERT_TRUE(watch) << watch.error().message;
  ASSERT_EQ(watch->events().size(), keys.size());
  HANDLE machine = static_cast<HANDLE>(watch->events()[0]);
  EXPECT_NE(WaitForSingleObject(machine, 200), WAIT_OBJECT_0);
  const std::wstring name = Unique(L"SurveyorWatched");
  ASSERT_EQ(RunProcess(L"reg.exe add \"HKLM\\Software\\Microsoft\\Windows\\"
                       L"CurrentVersion\\Uninstall\\" +
                       name + L"\" /v DisplayName /d Watched /f"),
            0u);
  EXPECT_EQ(WaitForSingleObject(machine, 10000), WAIT_OBJECT_0);
  RunProcess(
      L"reg.exe delete \"HKLM\\Software\\Microsoft\\Windows\\"
      L"CurrentVersion\\Uninstall\\" +
      name + L"\" /f");
}

TEST(RegistryWatchTest, AnAppPackageInstalledSignalsTheStoreWatch) {
  AppxKeyForTest appx_key;
  const std::wstring appx = AppxKeyForTest::kAppx;
  ScratchKey store(HKEY_LOCAL_MACHINE,
                   appx + L"\\AppxAllUserStore\\" + Unique(L"S-1-5-21-7-8-9"));
  auto registry = windows::NewSystemRegistryView();
  const auto keys = software::WindowsSoftwareKeys(*registry);
  auto watch = windows::RegistryWatch::Open({keys.back()});
  ASSERT_TRUE(watch) << watch.error().message;
  ASSERT_EQ(watch->events().size(), 1u);
  HANDLE changed = static_cast<HANDLE>(watch->events()[0]);
  EXPECT_NE(WaitForSingleObject(changed, 200), WAIT_OBJECT_0);
  ASSERT_EQ(RunProcess(L"reg.exe add \"HKLM\\" + appx +
                       L"\\AppxAllUserStore\\" + Unique(L"S-1-5-21-7-8-9") +
                       L"\\Contoso.App_1.0.0.0_x64__abcdefghjkmnp\" /f"),
            0u);
  EXPECT_EQ(WaitForSingleObject(changed, 10000), WAIT_OBJECT_0);
}

TEST(RegistryWatchTest, NothingToWatchIsNotFound) {
  auto watch = windows::RegistryWatch::Open(
      {"HKEY_LOCAL_MACHINE\\SOFTWARE\\NoSuchKey", "HKEY_NOWHERE\\X"});
  ASSERT_FALSE(watch);
  EXPECT_EQ(watch.error().code, common::ErrorCode::kNotFound);
}

TEST(CommandLineTest, CommandLineToArgvWSplitsItBack) {
  const std::vector<std::string> argv = {"C:\\x.exe",    "",           "a b",
                                         "C:\\my dir\\", "say \"hi\"", "a\\\"b",
                                         "tab\there",    "caf\u00e9"};
  const std::wstring line = std::wstring(L"x ") + [&] {
    std::string rest = windows::CommandLine(
        std::vector<std::string>(argv.begin() + 1, argv.end()));
    std::wstring w(static_cast<std::size_t>(MultiByteToWideChar(
                       CP_UTF8, 0, rest.c_str(), -1, nullptr, 0)) -
                       1,
                   L'\0');
    MultiByteToWideChar(CP_UTF8, 0, rest.c_str(), -1, w.data(),
                        static_cast<int>(w.size()) + 1);
    return w;
  }();
  int count = 0;
  LPWSTR* split = CommandLineToArgvW(line.c_str(), &count);
  ASSERT_NE(split, nullptr);
  ASSERT_EQ(count, static_cast<int>(argv.size()));
  for (int i = 1; i < count; ++i) {
    EXPECT_EQ(Narrow(split[i]), argv[static_cast<std::size_t>(i)]) << i;
  }
  LocalFree(split);
}

std::string System32(const char* program) {
  wchar_t dir[MAX_PATH];
  const UINT n = GetSystemDirectoryW(dir, MAX_PATH);
  return Narrow(std::wstring(dir, n)) + "\\" + program;
}

TEST(ProcessRunnerTest, OutputErrorsAndExitCode) {
  const std::string cmd = System32("cmd.exe");
  ProcessRunner runner({cmd});
  CommandOptions options;
  options.env = {"SURVEYOR_GREETING=hello there"};
  auto echo = runner.Run(
      {cmd, "/c", "echo %SURVEYOR_GREETING%& echo oops 1>&2"}, options);
  ASSERT_TRUE(echo) << echo.error().message;
  EXPECT_EQ(echo->exit_code, 0);
  EXPECT_EQ(echo->out, "hello there\r\n");
  EXPECT_NE(echo->err.find("oops"), std::string::npos);
  auto exit3 = runner.Run({cmd, "/c", "exit 3"}, {});
  ASSERT_TRUE(exit3);
  EXPECT_EQ(exit3->exit_code, 3);
}

TEST(ProcessRunnerTest, RefusedMissingSlowAndTooTalkative) {
  const std::string cmd = System32("cmd.exe");
  const std::string ping = System32("ping.exe");
  const std::string missing = System32("no-such-tool.exe");
  ProcessRunner runner({cmd, ping, missing});
  auto refused = runner.Run({System32("reg.exe"), "query", "HKCU"}, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, common::ErrorCode::kPermissionDenied);
  auto absent = runner.Run({missing}, {});
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code, common::ErrorCode::kNotFound);
  auto relative = runner.Run({"cmd.exe"}, {});
  ASSERT_FALSE(relative);
  EXPECT_EQ(relative.error().code, common::ErrorCode::kInvalidArgument);

  CommandOptions quick;
  quick.timeout = std::chrono::milliseconds(1500);
  const auto start = std::chrono::steady_clock::now();
  auto slow = runner.Run({ping, "-n", "30", "127.0.0.1"}, quick);
  ASSERT_FALSE(slow);
  EXPECT_EQ(slow.error().code, common::ErrorCode::kResourceExhausted);
  EXPECT_NE(slow.error().message.find("timed out"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));

  CommandOptions small;
  small.max_output = 1000;
  auto talkative = runner.Run(
      {cmd, "/c", "for /l %i in (1,1,100000) do @echo 0123456789"}, small);
  ASSERT_FALSE(talkative);
  EXPECT_EQ(talkative.error().code, common::ErrorCode::kResourceExhausted);
  EXPECT_NE(talkative.error().message.find("more than 1000 bytes"),
            std::string::npos);
}

TEST(ProcessRunnerTest, WindowsServerBackupAbsentIsNoJob) {
  // Wine ships no wbadmin.exe, as desktops without the feature have none.
  ProcessRunner runner(ProcessRunner::DefaultAllowlist());
  auto job = backup::ReadWindowsServerBackup(runner, System32("wbadmin.exe"),
                                             std::chrono::system_clock::now(),
                                             std::chrono::hours(26));
  ASSERT_TRUE(job) << job.error().message;
  EXPECT_FALSE(*job);
}

}  // namespace
}  // namespace surveyor::collectors
