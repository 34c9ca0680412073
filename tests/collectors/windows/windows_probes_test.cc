#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "collectors/backup/veeam_agent_windows.h"
#include "collectors/backup/windows_backup_probe.h"
#include "collectors/host/windows_host_probe.h"
#include "collectors/protection/windows_protection_probe.h"
#include "collectors/protection/windows_status.h"
#include "collectors/software/windows_programs_probe.h"
#include "collectors/windows/command_line.h"
#include "common/time_util.h"
#include "tests/fakes/fake_command_runner.h"
#include "tests/fakes/fake_event_log.h"
#include "tests/fakes/fake_registry_view.h"
#include "tests/fakes/fake_wmi.h"
#include "tests/fixture.h"

namespace surveyor::collectors {
namespace {

using surveyor::testing::FakeRegistryView;
using surveyor::testing::FakeWmi;
using surveyor::testing::ReadFixture;

std::vector<RegistryKey> Keys(const std::string& fixture) {
  auto keys = ParseRegistryExport(ReadFixture(fixture));
  EXPECT_TRUE(keys) << fixture;
  return keys ? *keys : std::vector<RegistryKey>{};
}

// The three views as Wine's regedit exported them, the user's by its
// HKEY_USERS path, plus what else lives under HKEY_USERS.
std::vector<RegistryKey> MachineWithOneUser() {
  std::vector<RegistryKey> all;
  for (const char* f : {"windows/uninstall_machine_wine8.reg",
                        "windows/uninstall_wow6432node_wine8.reg",
                        "windows/uninstall_users_sid_wine8.reg"}) {
    auto keys = Keys(f);
    all.insert(all.end(), keys.begin(), keys.end());
  }
  // Not hives of their own: the default profile and the user's classes.
  RegistryValue ghost;
  ghost.name = "DisplayName";
  ghost.text = "Ghost";
  for (const char* other : {".DEFAULT", "S-1-5-21-0-0-0-1000_Classes"}) {
    all.push_back(RegistryKey{
        std::string("HKEY_USERS\\") + other +
            "\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Ghost",
        {ghost}});
  }
  return all;
}

TEST(WindowsProgramsProbeTest, ReadsBothMachineViewsAndEveryUserHive) {
  FakeRegistryView registry(MachineWithOneUser());
  auto programs = software::ReadWindowsPrograms(registry);
  ASSERT_TRUE(programs) << programs.error().message;
  std::map<std::string, v1::Package> by_name;
  for (const auto& p : *programs) by_name[p.name()] = p;
  EXPECT_EQ(by_name.size(), 7u);  // 4 machine, 1 32-bit, 2 per user.
  EXPECT_EQ(by_name.at("TeamViewer").windows().scope(), "machine-32");
  EXPECT_EQ(by_name.at("Zoom").windows().scope(), "user");
  EXPECT_EQ(by_name.at("Zoom").windows().user(), "S-1-5-21-0-0-0-1000");
  EXPECT_EQ(by_name.at("Slack").windows().install_location(),
            "C:\\Users\\ana\\AppData\\Local\\slack");
  EXPECT_EQ(by_name.count("Ghost"), 0u);
}

TEST(WindowsProgramsProbeTest, AbsentKeysAreNoProgramsNotAnError) {
  FakeRegistryView registry({});
  auto programs = software::ReadWindowsPrograms(registry);
  ASSERT_TRUE(programs);
  EXPECT_TRUE(programs->empty());
}

TEST(WindowsProgramsProbeTest,
     UnreadableMachineKeyFailsUnreadableUserIsSkipped) {
  FakeRegistryView registry(MachineWithOneUser());
  registry.Deny("HKEY_USERS\\S-1-5-21-0-0-0-1000");
  auto programs = software::ReadWindowsPrograms(registry);
  ASSERT_TRUE(programs);
  EXPECT_EQ(programs->size(), 5u);

  registry.Deny("HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node");
  auto failed = software::ReadWindowsPrograms(registry);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, common::ErrorCode::kPermissionDenied);
  EXPECT_NE(failed.error().message.find("WOW6432Node"), std::string::npos);
}

constexpr const char* kAppxStore =
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Appx\\"
    "AppxAllUserStore";

TEST(AppxProbeTest, ReadsTheStoreForTheMachineAndEveryUser) {
  FakeRegistryView registry(Keys("windows/appx_all_user_store_written.reg"));
  auto apps = software::ReadAppxPackages(registry);
  ASSERT_TRUE(apps) << apps.error().message;
  ASSERT_TRUE(*apps);
  EXPECT_EQ((*apps)->size(), 8u);
}

TEST(AppxProbeTest, TheDaemonWatchesTheStoreAfterTheUninstallKeys) {
  FakeRegistryView registry(MachineWithOneUser());
  const auto keys = software::WindowsSoftwareKeys(registry);
  ASSERT_EQ(keys.size(), 4u);  // Two HKLM views, one user, the store.
  EXPECT_EQ(keys.back(), kAppxStore);
}

TEST(AppxProbeTest, NoStoreIsNoneAndAnUnreadableStoreTheError) {
  FakeRegistryView none(MachineWithOneUser());
  auto absent = software::ReadAppxPackages(none);
  ASSERT_TRUE(absent);
  EXPECT_FALSE(*absent);

  FakeRegistryView registry(Keys("windows/appx_all_user_store_written.reg"));
  registry.Deny(std::string(kAppxStore) +
                "\\S-1-5-21-3623811015-3361044348-30300820-1013");
  auto one_user_closed = software::ReadAppxPackages(registry);
  ASSERT_TRUE(one_user_closed);
  // Provisioned: Calculator, Notepad, Terminal; the other user's
  // CrossDevice.
  EXPECT_EQ((*one_user_closed)->size(), 4u);

  registry.Deny(kAppxStore);
  auto failed = software::ReadAppxPackages(registry);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, common::ErrorCode::kPermissionDenied);
}

TEST(ExportRegistryViewTest, SubkeysAndTreesCaseInsensitively) {
  windows::ExportRegistryView view(Keys("windows/uninstall_machine_wine8.reg"));
  const std::string uninstall =
      "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\"
      "Uninstall";
  // Parents that only appear in longer paths exist too.
  auto top = view.SubkeyNames("hkey_local_machine\\software");
  ASSERT_TRUE(top);
  EXPECT_EQ(*top, std::vector<std::string>{"Microsoft"});
  auto entries = view.ReadTree(uninstall, 1);
  ASSERT_TRUE(entries);
  auto all = view.ReadTree(uninstall, 5);
  ASSERT_TRUE(all);
  EXPECT_LT(entries->size(), all->size());        // The nested key is deeper.
  auto none = view.ReadTree(uninstall + "X", 1);  // Not a prefix match.
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(WindowsHostProbeTest, ReadsTheKeysTheFactsComeFrom) {
  FakeRegistryView registry(Keys("windows/host_wine8.reg"));
  auto facts = host::ReadWindowsHost(registry);
  ASSERT_TRUE(facts) << facts.error().message;
  EXPECT_EQ(facts->os().name(), "Microsoft Windows 7");
  EXPECT_EQ(facts->identity().machine_id(),
            "5bf85117-351d-4733-905b-b46c03ac9054");
  EXPECT_EQ(facts->identity().hostname(), "VM");
  EXPECT_EQ(facts->architecture(), "x86_64");
  EXPECT_EQ(facts->cpu_count(), 2u);

  registry.Deny("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT");
  auto denied = host::ReadWindowsHost(registry);
  ASSERT_FALSE(denied);
  EXPECT_NE(denied.error().message.find("CurrentVersion"), std::string::npos);
}

// Objects as WMI returns them (property names as Microsoft documents the
// classes; values written for the test, a Dell laptop's).
windows::WmiObject Object(
    std::vector<std::pair<std::string, std::string>> properties) {
  return windows::WmiObject{std::move(properties)};
}

constexpr char kComputerSystem[] =
    "SELECT Manufacturer, Model, TotalPhysicalMemory, Domain, PartOfDomain, "
    "Workgroup FROM Win32_ComputerSystem";
constexpr char kBios[] = "SELECT SerialNumber FROM Win32_BIOS";
constexpr char kBaseBoard[] =
    "SELECT Manufacturer, Product FROM Win32_BaseBoard";

TEST(WindowsHardwareTest, DomainJoinedLaptop) {
  FakeWmi wmi;
  wmi.Answer("ROOT\\CIMV2", kComputerSystem,
             {Object({{"Domain", "corp.example.com"},
                      {"Manufacturer", "Dell Inc."},
                      {"Model", "Latitude 7440"},
                      {"PartOfDomain", "true"},
                      {"TotalPhysicalMemory", "16852946944"}})});
  wmi.Answer("ROOT\\CIMV2", kBios, {Object({{"SerialNumber", "7XK2QZ3"}})});
  wmi.Answer("ROOT\\CIMV2", kBaseBoard,
             {Object({{"Manufacturer", "Dell Inc."}, {"Product", "0K6R4G"}})});
  v1::HostFacts facts;
  ASSERT_TRUE(host::ReadWindowsHardware(wmi, facts));
  EXPECT_EQ(facts.hardware().vendor(), "Dell Inc.");
  EXPECT_EQ(facts.hardware().model(), "Latitude 7440");
  EXPECT_EQ(facts.hardware().serial(), "7XK2QZ3");
  EXPECT_EQ(facts.hardware().board(), "Dell Inc. 0K6R4G");
  EXPECT_EQ(facts.memory_bytes(), 16852946944u);
  EXPECT_EQ(facts.domain(), "corp.example.com");
  EXPECT_TRUE(facts.domain_joined());
}

TEST(WindowsHardwareTest, WorkgroupMachineAndAbsentClasses) {
  FakeWmi wmi;
  // Not joined: Domain repeats the workgroup's name, Workgroup says it.
  wmi.Answer("ROOT\\CIMV2", kComputerSystem,
             {Object({{"Domain", "WORKGROUP"},
                      {"PartOfDomain", "false"},
                      {"Workgroup", "OFFICE"}})});
  v1::HostFacts facts;
  ASSERT_TRUE(host::ReadWindowsHardware(wmi, facts));  // No BIOS, no board.
  EXPECT_EQ(facts.domain(), "OFFICE");
  EXPECT_FALSE(facts.domain_joined());
  EXPECT_EQ(facts.hardware().serial(), "");
  EXPECT_EQ(facts.memory_bytes(), 0u);
  EXPECT_EQ(wmi.queries.size(), 3u);
}

TEST(WindowsHardwareTest, RefusedQueryIsTheError) {
  FakeWmi wmi;
  wmi.Refuse("ROOT\\CIMV2", kBios,
             common::Error{common::ErrorCode::kPermissionDenied,
                           "WMI ROOT\\CIMV2: access denied"});
  v1::HostFacts facts;
  auto read = host::ReadWindowsHardware(wmi, facts);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, common::ErrorCode::kPermissionDenied);
}

constexpr char kAntivirus[] =
    "SELECT displayName, productState, pathToSignedProductExe FROM "
    "AntiVirusProduct";

// productState values as the community's WSC decoding tables give them
// (protection_parsers_test.cc decodes the same ones); the objects are
// written for the test.
TEST(SecurityCenterTest, TwoAntivirusProductsOneOffOneStale) {
  FakeWmi wmi;
  wmi.Answer("ROOT\\SecurityCenter2", kAntivirus,
             {Object({{"displayName", "Windows Defender"},
                      {"pathToSignedProductExe", "windowsdefender://"},
                      {"productState", "393472"}}),
              Object({{"displayName", "ESET Security"},
                      {"pathToSignedProductExe",
                       "C:\\Program Files\\ESET\\ESET Security\\ecmds.exe"},
                      {"productState", "266256"}}),
              Object({{"displayName", "Broken AV"}, {"productState", "n/a"}})});
  auto products = protection::ReadSecurityCenter(wmi);
  ASSERT_TRUE(products) << products.error().message;
  ASSERT_EQ(products->size(), 3u);
  const auto& defender = (*products)[0];
  EXPECT_EQ(defender.vendor(), "Microsoft");
  EXPECT_EQ(defender.product(), "Windows Defender");
  EXPECT_TRUE(defender.present());
  // 393472 = 0x060100: Microsoft's, scanner off (another product is on).
  EXPECT_EQ(defender.realtime_protection(), v1::TRI_STATE_NO);
  EXPECT_EQ(defender.issues_size(), 0);
  EXPECT_EQ(defender.detection(), "Security Center: windowsdefender://");
  // 266256 = 0x041010: a third party's, scanner on, signatures out of date.
  const auto& eset = (*products)[1];
  EXPECT_EQ(eset.vendor(), "");
  EXPECT_EQ(eset.realtime_protection(), v1::TRI_STATE_YES);
  ASSERT_EQ(eset.issues_size(), 1);
  EXPECT_EQ(eset.issues(0), "signatures out of date");
  EXPECT_EQ((*products)[2].issues(0),
            "Security Center gave no readable productState");
}

TEST(SecurityCenterTest, AbsentOnWindowsServerRefusedIsTheError) {
  FakeWmi absent;  // No ROOT\SecurityCenter2: kNotFound.
  auto none = protection::ReadSecurityCenter(absent);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());

  FakeWmi refused;
  refused.Refuse("ROOT\\SecurityCenter2", kAntivirus,
                 common::Error{common::ErrorCode::kIo, "WMI: RPC failed"});
  EXPECT_FALSE(protection::ReadSecurityCenter(refused));
}

// MSFT_MpComputerStatus as WMI returns it: the properties Microsoft
// documents for the class, booleans and a CIM DATETIME; values written for
// the test (a machine in passive mode beside another antivirus).
TEST(DefenderTest, StatusFromWmiInPassiveMode) {
  FakeWmi wmi;
  wmi.Answer(
      "ROOT\\Microsoft\\Windows\\Defender",
      "SELECT * FROM MSFT_MpComputerStatus",
      {Object({{"AMProductVersion", "4.18.24020.7"},
               {"AMRunningMode", "Passive Mode"},
               {"AMServiceEnabled", "true"},
               {"AntivirusEnabled", "true"},
               {"AntivirusSignatureLastUpdated", "20240301061230.000000+060"},
               {"AntivirusSignatureVersion", "1.405.518.0"},
               {"DefenderSignaturesOutOfDate", "false"},
               {"IsTamperProtected", "true"},
               {"RealTimeProtectionEnabled", "false"}})});
  auto defender = protection::ReadDefender(wmi);
  ASSERT_TRUE(defender) << defender.error().message;
  ASSERT_TRUE(*defender);
  const auto& d = **defender;
  EXPECT_EQ(d.vendor(), "Microsoft");
  EXPECT_EQ(d.version(), "4.18.24020.7");
  EXPECT_EQ(d.running(), v1::TRI_STATE_YES);
  EXPECT_EQ(d.realtime_protection(), v1::TRI_STATE_NO);
  EXPECT_EQ(d.signature_version(), "1.405.518.0");
  EXPECT_EQ(d.signature_time().seconds(), 1709269950);  // 05:12:30Z
  EXPECT_EQ(d.detection(), "MSFT_MpComputerStatus");
  ASSERT_EQ(d.issues_size(), 1);
  EXPECT_EQ(d.issues(0), "running mode Passive Mode");

  FakeWmi absent;
  auto none = protection::ReadDefender(absent);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

TEST(DefenderTest, CimDatetimes) {
  EXPECT_EQ(protection::ParseCimDatetime("20240301051230.000000+000"),
            1709269950);
  EXPECT_EQ(protection::ParseCimDatetime("20240301001230.000000-300"),
            1709269950);
  EXPECT_FALSE(protection::ParseCimDatetime("2024-03-01T05:12:30Z"));
  EXPECT_FALSE(protection::ParseCimDatetime("20240301051230.000000*000"));
  EXPECT_FALSE(protection::ParseCimDatetime(""));
}

TEST(WindowsPostureTest, GroupPolicyWinsOverTheLocalFirewallSetting) {
  FakeRegistryView registry(Keys("windows/posture_policy_written.reg"));
  v1::ProtectionState state;
  ASSERT_TRUE(protection::ReadWindowsPosture(registry, state));
  EXPECT_EQ(state.firewall().mechanism(), "windows");
  EXPECT_EQ(state.firewall().enabled(), v1::TRI_STATE_NO);
  EXPECT_EQ(state.firewall().detail(),
            "domain on, private on, public off (policy)");
  EXPECT_EQ(state.auto_updates().mechanism(), "windows-update");
  EXPECT_EQ(state.auto_updates().enabled(), v1::TRI_STATE_YES);
}

TEST(WindowsPostureTest, LocalSettingsOnlyAndUpdatesOff) {
  std::vector<RegistryKey> keys;
  for (auto& k : Keys("windows/posture_policy_written.reg")) {
    if (k.path.find("Policies") != std::string::npos) continue;
    if (k.path.ends_with("wuauserv")) k.values[0].number = 4;  // Disabled.
    keys.push_back(k);
  }
  FakeRegistryView registry(keys);
  v1::ProtectionState state;
  ASSERT_TRUE(protection::ReadWindowsPosture(registry, state));
  EXPECT_EQ(state.firewall().enabled(), v1::TRI_STATE_YES);
  EXPECT_EQ(state.firewall().detail(), "domain on, private on, public on");
  EXPECT_EQ(state.auto_updates().enabled(), v1::TRI_STATE_NO);

  FakeRegistryView empty({});
  v1::ProtectionState unknown;
  ASSERT_TRUE(protection::ReadWindowsPosture(empty, unknown));
  EXPECT_EQ(unknown.firewall().enabled(), v1::TRI_STATE_UNKNOWN);
  EXPECT_EQ(unknown.auto_updates().enabled(), v1::TRI_STATE_UNKNOWN);
}

// Win32_EncryptableVolume as WMI returns it (properties as Microsoft
// documents the class; values written for the test).
TEST(BitLockerTest, SystemDriveFromWmi) {
  const char* ns = "ROOT\\CIMV2\\Security\\MicrosoftVolumeEncryption";
  const char* wql =
      "SELECT DriveLetter, ConversionStatus, ProtectionStatus FROM "
      "Win32_EncryptableVolume";
  FakeWmi wmi;
  wmi.Answer(ns, wql,
             {Object({{"ConversionStatus", "0"},
                      {"DriveLetter", "D:"},
                      {"ProtectionStatus", "0"}}),
              Object({{"ConversionStatus", "1"},
                      {"DriveLetter", "C:"},
                      {"ProtectionStatus", "1"}})});
  auto c = protection::ReadBitLocker(wmi);
  ASSERT_TRUE(c);
  ASSERT_TRUE(*c);
  EXPECT_EQ((*c)->volume(), "C:");
  EXPECT_EQ((*c)->mechanism(), "bitlocker");
  EXPECT_EQ((*c)->encrypted(), v1::TRI_STATE_YES);

  // Encrypted with protection suspended: as good as clear text.
  FakeWmi suspended;
  suspended.Answer(ns, wql,
                   {Object({{"ConversionStatus", "1"},
                            {"DriveLetter", "C:"},
                            {"ProtectionStatus", "0"}})});
  EXPECT_EQ((*protection::ReadBitLocker(suspended))->encrypted(),
            v1::TRI_STATE_NO);

  FakeWmi absent;  // Home edition: no BitLocker namespace.
  auto none = protection::ReadBitLocker(absent);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

// CommandLineToArgvW's rules; windows_live_test.cc splits these with it.
TEST(CommandLineTest, QuotesOnlyWhatNeedsIt) {
  using windows::QuoteArgument;
  EXPECT_EQ(QuoteArgument("get"), "get");
  EXPECT_EQ(QuoteArgument(""), "\"\"");
  EXPECT_EQ(QuoteArgument("a b"), "\"a b\"");
  EXPECT_EQ(QuoteArgument("C:\\dir\\"), "C:\\dir\\");
  EXPECT_EQ(QuoteArgument("C:\\my dir\\"), "\"C:\\my dir\\\\\"");
  EXPECT_EQ(QuoteArgument("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(QuoteArgument("a\\\"b"), "\"a\\\\\\\"b\"");
  EXPECT_EQ(windows::CommandLine({"C:\\x.exe", "get", "a b"}),
            "C:\\x.exe get \"a b\"");
}

TEST(WindowsServerBackupTest, VersionsJudgedAndAbsentAndUnreadable) {
  const std::string wbadmin = "C:\\Windows\\system32\\wbadmin.exe";
  const auto now = std::chrono::system_clock::from_time_t(
      static_cast<std::time_t>(common::CivilToUnix(2024, 5, 1, 12, 0, 0)));
  surveyor::testing::FakeCommandRunner runner;
  runner.Answer(wbadmin + " get versions",
                {0, ReadFixture("backup/wbadmin_get_versions.txt"), ""});
  auto job = backup::ReadWindowsServerBackup(runner, wbadmin, now,
                                             std::chrono::hours(26));
  ASSERT_TRUE(job) << job.error().message;
  ASSERT_TRUE(*job);
  EXPECT_EQ((*job)->product(), "Windows Server Backup");
  EXPECT_EQ((*job)->restore_points(), 2u);
  EXPECT_EQ((*job)->status(), v1::BACKUP_STATUS_CURRENT);  // 8 hours old.
  auto stale = backup::ReadWindowsServerBackup(
      runner, wbadmin, now + std::chrono::hours(72), std::chrono::hours(26));
  EXPECT_EQ((*stale)->status(), v1::BACKUP_STATUS_STALE);

  surveyor::testing::FakeCommandRunner absent;
  auto none = backup::ReadWindowsServerBackup(absent, wbadmin, now,
                                              std::chrono::hours(26));
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);

  surveyor::testing::FakeCommandRunner garbled;
  garbled.Answer(wbadmin + " get versions",
                 {0, "Version identifier: 13/45/2024-99:00\n", ""});
  auto bad = backup::ReadWindowsServerBackup(garbled, wbadmin, now,
                                             std::chrono::hours(26));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("wbadmin.exe get versions:1"),
            std::string::npos)
      << bad.error().message;
}

// A system drive for File History's probe: Admin's and bob's configuration
// files in a temporary folder standing for C:.
class FileHistoryProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ =
        std::filesystem::temp_directory_path() /
        ("surveyor-file-history-" +
         std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    for (const char* user : {"Admin", "bob"}) {
      const auto dir = root_ / "Users" / user / "AppData" / "Local" /
                       "Microsoft" / "Windows" / "FileHistory" /
                       "Configuration";
      std::filesystem::create_directories(dir);
      std::string xml = ReadFixture("windows/file_history_config1_verboon.xml");
      if (std::string(user) == "bob") {
        xml.replace(xml.find("<UserName>Admin"), 15, "<UserName>bob");
      }
      std::ofstream(dir / "Config1.xml", std::ios::binary) << xml;
    }
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  std::expected<std::vector<v1::BackupJob>, common::Error> Read(
      FakeRegistryView& registry, std::vector<std::string>& problems) {
    auto view = HostView::Open(root_.string());
    EXPECT_TRUE(view);
    return backup::ReadFileHistory(registry, *view, "C:", now_,
                                   std::chrono::hours(26), problems);
  }

  std::filesystem::path root_;
  std::chrono::system_clock::time_point now_ =
      std::chrono::system_clock::from_time_t(
          static_cast<std::time_t>(common::CivilToUnix(2026, 12, 1, 2, 30, 0)));
};

TEST_F(FileHistoryProbeTest, EveryUserWhoSetItUp) {
  FakeRegistryView registry(Keys("windows/file_history_written.reg"));
  std::vector<std::string> problems;
  auto jobs = Read(registry, problems);
  ASSERT_TRUE(jobs) << jobs.error().message;
  ASSERT_EQ(jobs->size(), 2u);
  // Admin is logged on: the last backup from the hive, half an hour ago.
  const v1::BackupJob& admin = (*jobs)[0];
  EXPECT_EQ(admin.job_id(), "Admin");
  EXPECT_EQ(admin.last_success().seconds(),
            common::CivilToUnix(2026, 12, 1, 2, 0, 0));
  EXPECT_EQ(admin.status(), v1::BACKUP_STATUS_CURRENT);
  EXPECT_EQ(admin.target_kind(), v1::BACKUP_TARGET_KIND_NETWORK);
  // bob is not: unknown, and why.
  const v1::BackupJob& bob = (*jobs)[1];
  EXPECT_EQ(bob.job_id(), "bob");
  EXPECT_EQ(bob.status(), v1::BACKUP_STATUS_UNKNOWN);
  EXPECT_NE(bob.error().find("logged on"), std::string::npos);
  // carol's profile is on D:, which this view does not hold.
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("D:\\Profiles\\carol"), std::string::npos);
  EXPECT_NE(problems[0].find("not on the system drive C:"), std::string::npos);
}

TEST_F(FileHistoryProbeTest, PolicyBrokenFilesAndNoFileHistory) {
  auto keys = Keys("windows/file_history_written.reg");
  RegistryValue disabled;
  disabled.name = "Disabled";
  disabled.type = RegistryValue::Type::kDword;
  disabled.number = 1;
  keys.push_back(RegistryKey{
      "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\FileHistory",
      {disabled}});
  FakeRegistryView registry(keys);
  std::ofstream(root_ / "Users" / "bob" / "AppData" / "Local" / "Microsoft" /
                    "Windows" / "FileHistory" / "Configuration" / "Config1.xml",
                std::ios::trunc)
      << "<DataProtectionUserConfig><UserName>bob</UserName>";
  std::vector<std::string> problems;
  auto jobs = Read(registry, problems);
  ASSERT_TRUE(jobs);
  ASSERT_EQ(jobs->size(), 1u);
  EXPECT_EQ((*jobs)[0].error(), "File History is turned off by group policy");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].find("bob"), std::string::npos);
  EXPECT_NE(problems[0].find("not closed"), std::string::npos);

  FakeRegistryView empty({});
  problems.clear();
  auto none = Read(empty, problems);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  EXPECT_TRUE(problems.empty());

  FakeRegistryView denied(Keys("windows/file_history_written.reg"));
  denied.Deny("HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\fhsvc");
  EXPECT_FALSE(Read(denied, problems));
}

std::vector<std::string> VeeamRecordLines() {
  std::vector<std::string> lines;
  std::string all = ReadFixture("windows/veeam_agent_events_written.txt");
  for (std::size_t start = 0; start < all.size();) {
    auto end = all.find('\n', start);
    if (end == std::string::npos) end = all.size();
    lines.push_back(all.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::vector<RegistryKey> VeeamService() {
  RegistryValue image;
  image.name = "ImagePath";
  image.text =
      "\"C:\\Program Files\\Veeam\\Endpoint "
      "Backup\\Veeam.EndPoint.Service.exe\"";
  return {RegistryKey{std::string(backup::kVeeamAgentService), {image}}};
}

TEST(VeeamAgentForWindowsProbeTest, JobsFromItsLogWhenItsServiceIsInstalled) {
  const auto now = std::chrono::system_clock::from_time_t(
      static_cast<std::time_t>(common::CivilToUnix(2026, 12, 6, 12, 0, 0)));
  FakeRegistryView registry(VeeamService());
  surveyor::testing::FakeEventLog events;
  auto lines = VeeamRecordLines();
  lines.insert(lines.begin() + 1, "<Event><System>broken");
  events.Answer("Veeam Agent", lines);
  std::vector<std::string> problems;
  auto jobs = backup::ReadVeeamAgentForWindows(
      registry, events, now, std::chrono::hours(26), problems);
  ASSERT_TRUE(jobs) << jobs.error().message;
  ASSERT_EQ(jobs->size(), 1u);
  EXPECT_EQ((*jobs)[0].last_result(), v1::BACKUP_RESULT_FAILED);
  EXPECT_EQ((*jobs)[0].status(), v1::BACKUP_STATUS_STALE);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("record 2"), std::string::npos);
  ASSERT_EQ(events.queries.size(), 1u);
  EXPECT_EQ(events.queries[0].first, "Veeam Agent");
  EXPECT_NE(events.queries[0].second.find("EventID=190"), std::string::npos);

  // Installed, its log absent: never succeeded. Its log unreadable: error.
  surveyor::testing::FakeEventLog no_log;
  auto never = backup::ReadVeeamAgentForWindows(
      registry, no_log, now, std::chrono::hours(26), problems);
  ASSERT_TRUE(never);
  ASSERT_EQ(never->size(), 1u);
  EXPECT_EQ((*never)[0].status(), v1::BACKUP_STATUS_NEVER_SUCCEEDED);
  surveyor::testing::FakeEventLog refused;
  refused.Refuse("Veeam Agent",
                 common::Error{common::ErrorCode::kPermissionDenied,
                               "event log 'Veeam Agent': denied"});
  auto error = backup::ReadVeeamAgentForWindows(
      registry, refused, now, std::chrono::hours(26), problems);
  ASSERT_FALSE(error);
  EXPECT_NE(error.error().message.find("denied"), std::string::npos);

  // Not installed: not looked for.
  FakeRegistryView bare({});
  surveyor::testing::FakeEventLog untouched;
  auto absent = backup::ReadVeeamAgentForWindows(
      bare, untouched, now, std::chrono::hours(26), problems);
  ASSERT_TRUE(absent);
  EXPECT_TRUE(absent->empty());
  EXPECT_TRUE(untouched.queries.empty());
}

}  // namespace
}  // namespace surveyor::collectors
