// The Windows collectors as the agent runs them (BuildSnapshot), over the
// fakes: which sources fill which section, Security Center's Defender entry
// giving way to Defender's own status, and failures as section errors with
// the rest of the section kept. Runs on Linux and under Wine.
#include "collectors/windows/windows_collectors.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "collectors/snapshot_builder.h"
#include "common/time_util.h"
#include "tests/fakes/fake_command_runner.h"
#include "tests/fakes/fake_event_log.h"
#include "tests/fakes/fake_registry_view.h"
#include "tests/fakes/fake_wmi.h"
#include "tests/fixture.h"

namespace surveyor::collectors::windows {
namespace {

using surveyor::testing::FakeCommandRunner;
using surveyor::testing::FakeEventLog;
using surveyor::testing::FakeRegistryView;
using surveyor::testing::FakeWmi;

constexpr char kWbadmin[] = "C:\\Windows\\system32\\wbadmin.exe";
constexpr char kComputerSystem[] =
    "SELECT Manufacturer, Model, TotalPhysicalMemory, Domain, PartOfDomain, "
    "Workgroup FROM Win32_ComputerSystem";
constexpr char kUninstall[] =
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\"
    "Uninstall";

std::vector<RegistryKey> Registry() {
  std::vector<RegistryKey> all;
  for (const char* f :
       {"windows/host_wine8.reg", "windows/uninstall_machine_wine8.reg",
        "windows/uninstall_wow6432node_wine8.reg",
        "windows/uninstall_users_sid_wine8.reg",
        "windows/posture_policy_written.reg",
        "windows/appx_all_user_store_written.reg"}) {
    auto keys = ParseRegistryExport(surveyor::testing::ReadFixture(f));
    EXPECT_TRUE(keys) << f;
    if (keys) all.insert(all.end(), keys->begin(), keys->end());
  }
  return all;
}

WmiObject Object(std::vector<std::pair<std::string, std::string>> p) {
  return WmiObject{std::move(p)};
}

// WMI objects as Microsoft documents the classes; values written for the
// test (a desktop with ESET beside Defender in passive mode, BitLocker on).
std::shared_ptr<FakeWmi> Wmi() {
  auto wmi = std::make_shared<FakeWmi>();
  wmi->Answer("ROOT\\CIMV2", kComputerSystem,
              {Object({{"Domain", "WORKGROUP"},
                       {"Manufacturer", "Dell Inc."},
                       {"Model", "OptiPlex 7010"},
                       {"PartOfDomain", "false"},
                       {"TotalPhysicalMemory", "17179869184"},
                       {"Workgroup", "WORKGROUP"}})});
  wmi->Answer("ROOT\\SecurityCenter2",
              "SELECT displayName, productState, pathToSignedProductExe FROM "
              "AntiVirusProduct",
              {Object({{"displayName", "Windows Defender"},
                       {"pathToSignedProductExe", "windowsdefender://"},
                       {"productState", "393472"}}),
               Object({{"displayName", "ESET Security"},
                       {"pathToSignedProductExe",
                        "C:\\Program Files\\ESET\\ESET Security\\ecmds.exe"},
                       {"productState", "266240"}})});
  wmi->Answer("ROOT\\Microsoft\\Windows\\Defender",
              "SELECT * FROM MSFT_MpComputerStatus",
              {Object({{"AMProductVersion", "4.18.24020.7"},
                       {"AMRunningMode", "Passive Mode"},
                       {"AMServiceEnabled", "true"},
                       {"AntivirusEnabled", "true"},
                       {"RealTimeProtectionEnabled", "false"}})});
  wmi->Answer("ROOT\\CIMV2\\Security\\MicrosoftVolumeEncryption",
              "SELECT DriveLetter, ConversionStatus, ProtectionStatus FROM "
              "Win32_EncryptableVolume",
              {Object({{"ConversionStatus", "1"},
                       {"DriveLetter", "C:"},
                       {"ProtectionStatus", "1"}})});
  return wmi;
}

struct Machine {
  std::shared_ptr<FakeRegistryView> registry =
      std::make_shared<FakeRegistryView>(Registry());
  std::shared_ptr<FakeWmi> wmi = Wmi();
  std::shared_ptr<FakeEventLog> events = std::make_shared<FakeEventLog>();
  FakeCommandRunner runner;
  std::chrono::system_clock::time_point now =
      std::chrono::system_clock::from_time_t(
          static_cast<std::time_t>(common::CivilToUnix(2024, 5, 1, 12, 0, 0)));

  v1::Snapshot Collect(const std::string& root = "/") {
    auto view = HostView::Open(root);
    EXPECT_TRUE(view) << root;
    auto collectors =
        WindowsCollectors({registry, wmi, kWbadmin, events, "C:"});
    CollectContext ctx{*view, now, v1::AgentConfig::default_instance(),
                       &runner};
    return BuildSnapshot(collectors, ctx);
  }
};

const v1::Section& SectionOf(const v1::Snapshot& s, std::string_view name) {
  for (const auto& section : s.sections()) {
    if (section.collector() == name) return section;
  }
  ADD_FAILURE() << "no section " << name;
  return v1::Section::default_instance();
}

TEST(WindowsCollectorsTest, EverySectionFromItsSources) {
  Machine run;
  run.runner.Answer(
      std::string(kWbadmin) + " get versions",
      {0, surveyor::testing::ReadFixture("backup/wbadmin_get_versions.txt"),
       ""});
  const v1::Snapshot snapshot = run.Collect();
  ASSERT_EQ(snapshot.sections_size(), 4);
  for (const auto& s : snapshot.sections()) {
    EXPECT_EQ(s.errors_size(), 0)
        << s.collector() << ": " << s.errors(0).reason();
  }
  // Host: the registry's facts, WMI's hardware, and the snapshot's identity.
  EXPECT_EQ(snapshot.host().machine_id(),
            "5bf85117-351d-4733-905b-b46c03ac9054");
  const auto& host = SectionOf(snapshot, "host").host();
  EXPECT_EQ(host.os().name(), "Microsoft Windows 7");
  EXPECT_EQ(host.hardware().vendor(), "Dell Inc.");
  EXPECT_EQ(host.domain(), "WORKGROUP");
  EXPECT_FALSE(host.domain_joined());

  const auto& software = SectionOf(snapshot, "software").software();
  // Programs: 4 machine, 1 32-bit, 2 per user; and 8 app packages.
  EXPECT_EQ(software.packages_size(), 15);
  ASSERT_EQ(software.sources_present_size(), 2);
  EXPECT_EQ(software.sources_present(0), v1::PACKAGE_SOURCE_WINDOWS);
  EXPECT_EQ(software.sources_present(1), v1::PACKAGE_SOURCE_MSIX);

  // Defender once, from its own status; ESET from Security Center; sorted.
  const auto& protection = SectionOf(snapshot, "protection").protection();
  ASSERT_EQ(protection.products_size(), 2);
  EXPECT_EQ(protection.products(0).product(), "ESET Security");
  EXPECT_EQ(protection.products(1).vendor(), "Microsoft");
  EXPECT_EQ(protection.products(1).product(), "Defender Antivirus");
  EXPECT_EQ(protection.products(1).detection(), "MSFT_MpComputerStatus");
  EXPECT_EQ(protection.disk_encryption().mechanism(), "bitlocker");
  EXPECT_EQ(protection.disk_encryption().encrypted(), v1::TRI_STATE_YES);
  EXPECT_EQ(protection.firewall().detail(),
            "domain on, private on, public off (policy)");
  EXPECT_EQ(protection.auto_updates().enabled(), v1::TRI_STATE_YES);

  const auto& backup = SectionOf(snapshot, "backup").backup();
  ASSERT_EQ(backup.jobs_size(), 1);
  EXPECT_EQ(backup.jobs(0).product(), "Windows Server Backup");
  EXPECT_EQ(backup.jobs(0).status(), v1::BACKUP_STATUS_CURRENT);
}

TEST(WindowsCollectorsTest, AbsentSourcesAreNoErrors) {
  Machine run;
  run.wmi = std::make_shared<FakeWmi>();        // No class at all: all absent.
  const v1::Snapshot snapshot = run.Collect();  // No wbadmin either.
  for (const auto& s : snapshot.sections()) {
    EXPECT_EQ(s.errors_size(), 0) << s.collector();
  }
  const auto& protection = SectionOf(snapshot, "protection").protection();
  EXPECT_EQ(protection.products_size(), 0);
  EXPECT_FALSE(protection.has_disk_encryption());
  EXPECT_EQ(SectionOf(snapshot, "backup").backup().jobs_size(), 0);
  EXPECT_EQ(SectionOf(snapshot, "host").host().hardware().vendor(), "");
}

TEST(WindowsCollectorsTest, FailuresAreSectionErrorsAndTheRestIsKept) {
  Machine run;
  run.registry->Deny(kUninstall);
  run.wmi->Refuse("ROOT\\CIMV2", kComputerSystem,
                  common::Error{common::ErrorCode::kIo, "WMI: RPC failed"});
  run.runner.Answer(std::string(kWbadmin) + " get versions",
                    {0, "Version identifier: 13/45/2024-99:00\n", ""});
  const v1::Snapshot snapshot = run.Collect();

  const auto& host = SectionOf(snapshot, "host");
  ASSERT_EQ(host.errors_size(), 1);
  EXPECT_EQ(host.errors(0).source(), "WMI ROOT\\CIMV2");
  EXPECT_EQ(host.host().os().name(), "Microsoft Windows 7");  // Kept.
  EXPECT_EQ(snapshot.host().machine_id(),
            "5bf85117-351d-4733-905b-b46c03ac9054");

  const auto& software = SectionOf(snapshot, "software");
  ASSERT_EQ(software.errors_size(), 1);
  EXPECT_EQ(software.errors(0).source(), "registry");
  EXPECT_NE(software.errors(0).reason().find("Uninstall"), std::string::npos);

  // Protection is untouched by the others' failures.
  EXPECT_EQ(SectionOf(snapshot, "protection").errors_size(), 0);

  const auto& backup = SectionOf(snapshot, "backup");
  ASSERT_EQ(backup.errors_size(), 1);
  EXPECT_NE(backup.errors(0).reason().find("get versions"), std::string::npos);
}

TEST(WindowsCollectorsTest,
     UnreadableAppPackagesAreASectionErrorBesideThePrograms) {
  Machine run;
  run.registry->Deny(
      "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Appx");
  const v1::Snapshot snapshot = run.Collect();
  const auto& software = SectionOf(snapshot, "software");
  ASSERT_EQ(software.errors_size(), 1);
  EXPECT_NE(software.errors(0).reason().find("app packages"),
            std::string::npos);
  EXPECT_EQ(software.software().packages_size(), 7);
  ASSERT_EQ(software.software().sources_present_size(), 1);
  EXPECT_EQ(software.software().sources_present(0), v1::PACKAGE_SOURCE_WINDOWS);
}

// Windows Server Backup, Veeam Agent for Windows from its log, and File
// History's users, whose configuration files this machine does not have:
// each a section error naming the file, beside the jobs read.
TEST(WindowsCollectorsTest, BackupJobsOfEveryProductSorted) {
  Machine run;
  auto keys = ParseRegistryExport(
      surveyor::testing::ReadFixture("windows/file_history_written.reg"));
  ASSERT_TRUE(keys);
  RegistryValue image;
  image.name = "ImagePath";
  image.text = "Veeam.EndPoint.Service.exe";
  keys->push_back(
      RegistryKey{"HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\"
                  "VeeamEndpointBackupSvc",
                  {image}});
  run.registry = std::make_shared<FakeRegistryView>(*keys);
  std::vector<std::string> records;
  std::istringstream lines(
      surveyor::testing::ReadFixture("windows/veeam_agent_events_written.txt"));
  for (std::string line; std::getline(lines, line);) records.push_back(line);
  run.events->Answer("Veeam Agent", records);
  run.runner.Answer(
      std::string(kWbadmin) + " get versions",
      {0, surveyor::testing::ReadFixture("backup/wbadmin_get_versions.txt"),
       ""});
  const v1::Snapshot snapshot = run.Collect();
  const auto& section = SectionOf(snapshot, "backup");
  const auto& backup = section.backup();
  ASSERT_EQ(backup.jobs_size(), 2);
  EXPECT_EQ(backup.jobs(0).product(), "Veeam Agent for Windows");
  EXPECT_EQ(backup.jobs(0).job_id(), "Backup Job LAP-ANA");
  EXPECT_EQ(backup.jobs(0).last_result(), v1::BACKUP_RESULT_FAILED);
  EXPECT_EQ(backup.jobs(1).product(), "Windows Server Backup");
  ASSERT_EQ(section.errors_size(), 3);
  for (const auto& e : section.errors()) {
    EXPECT_EQ(e.source(), "File History");
    EXPECT_NE(e.reason().find("Config1.xml"), std::string::npos) << e.reason();
  }
}

TEST(WindowsCollectorsTest, OfflineRootIsRefusedNotReadFromThisMachine) {
  Machine run;
  const v1::Snapshot snapshot =
      run.Collect(std::filesystem::temp_directory_path().string());
  ASSERT_EQ(snapshot.sections_size(), 4);
  for (const auto& s : snapshot.sections()) {
    ASSERT_EQ(s.errors_size(), 1) << s.collector();
    EXPECT_NE(s.errors(0).reason().find("offline root"), std::string::npos);
  }
  EXPECT_TRUE(run.wmi->queries.empty());
  EXPECT_TRUE(run.runner.calls.empty());
}

}  // namespace
}  // namespace surveyor::collectors::windows
