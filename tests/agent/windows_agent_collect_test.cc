// surveyor-agent.exe itself (run under Wine in CI): `collect` as a user
// runs it, through the process runner, against programs this test writes
// into the live registry, in JSON, protobuf bytes on standard output and the
// table; and its refusals.
#include <windows.h>
// windows.h first.
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "collectors/command_runner.h"
#include "common/win32_text.h"
#include "surveyor/v1/snapshot.pb.h"
#include "tests/collectors/windows/scratch_key.h"

namespace surveyor::agent {
namespace {

using surveyor::testing::ScratchKey;
using surveyor::testing::TestMutex;

// Held by the tests that collect everything and by the one that adds backup
// products to the machine, so neither sees the other's half-made state.
constexpr const wchar_t* kMachineBackupState = L"Local\\SurveyorBackupTests";
using surveyor::testing::Unique;

// The agent beside this test in the build tree: tests\..\agent\.
std::string AgentPath() {
  wchar_t self[MAX_PATH];
  GetModuleFileNameW(nullptr, self, MAX_PATH);
  const std::filesystem::path exe =
      std::filesystem::path(self).parent_path().parent_path() / L"agent" /
      L"surveyor-agent.exe";
  return common::Narrow(exe.wstring());
}

collectors::CommandResult Agent(std::vector<std::string> args) {
  const std::string agent = AgentPath();
  collectors::ProcessRunner runner({agent});
  args.insert(args.begin(), agent);
  collectors::CommandOptions options;
  options.timeout = std::chrono::seconds(60);
  auto r = runner.Run(args, options);
  EXPECT_TRUE(r) << r.error().message;
  return r ? *r : collectors::CommandResult{};
}

std::map<std::string, v1::Package> Programs(const v1::Snapshot& s) {
  std::map<std::string, v1::Package> out;
  for (const auto& section : s.sections()) {
    for (const auto& p : section.software().packages()) out[p.name()] = p;
  }
  return out;
}

class AgentCollectTest : public ::testing::Test {
 protected:
  TestMutex turn_{kMachineBackupState};
  const std::wstring uninstall =
      L"Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\";
  ScratchKey machine{HKEY_LOCAL_MACHINE, uninstall + Unique(L"SurveyorAgentM"),
                     KEY_WOW64_64KEY};
  ScratchKey user{HKEY_CURRENT_USER, uninstall + Unique(L"SurveyorAgentU")};

  void SetUp() override {
    machine.SetString(L"DisplayName", L"Surveyor Agent Test Suite");
    machine.SetString(L"DisplayVersion", L"4.5.6");
    machine.SetString(L"Publisher", L"Surveyor Tests");
    user.SetString(L"DisplayName", L"Zo\u00f6m Workplace \u65e5\u672c");
  }
};

TEST_F(AgentCollectTest, JsonHoldsTheProgramsAndTheMachine) {
  auto r = Agent({"collect", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  v1::Snapshot snapshot;
  auto status = google::protobuf::util::JsonStringToMessage(r.out, &snapshot);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(snapshot.sections_size(), 4);
  EXPECT_EQ(snapshot.sections(0).collector(), "host");
  EXPECT_EQ(snapshot.agent_version(), SURVEYOR_VERSION);

  // The machine GUID the registry holds, as the snapshot's identity.
  wchar_t guid[64];
  DWORD size = sizeof(guid);
  ASSERT_EQ(
      RegGetValueW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Cryptography",
                   L"MachineGuid", RRF_RT_REG_SZ | RRF_SUBKEY_WOW6464KEY,
                   nullptr, guid, &size),
      ERROR_SUCCESS);
  EXPECT_EQ(snapshot.host().machine_id(), common::Narrow(guid));

  auto programs = Programs(snapshot);
  ASSERT_EQ(programs.count("Surveyor Agent Test Suite"), 1u);
  const auto& suite = programs["Surveyor Agent Test Suite"];
  EXPECT_EQ(suite.version(), "4.5.6");
  EXPECT_EQ(suite.windows().scope(), "machine");
  // UTF-16 in the registry, UTF-8 in the snapshot.
  const std::string zoom = "Zo\xc3\xb6m Workplace \xe6\x97\xa5\xe6\x9c\xac";
  ASSERT_EQ(programs.count(zoom), 1u);
  EXPECT_EQ(programs[zoom].windows().scope(), "user");
}

// Protobuf bytes through standard output arrive unchanged (binary mode: no
// "\n" turned into "\r\n"), and say what the JSON says.
TEST_F(AgentCollectTest, ProtoOnStandardOutputIsTheSameSnapshot) {
  auto proto = Agent({"collect", "--format", "proto", "--only", "software"});
  ASSERT_EQ(proto.exit_code, 0) << proto.err;
  v1::Snapshot from_proto;
  ASSERT_TRUE(from_proto.ParseFromString(proto.out));
  ASSERT_EQ(from_proto.sections_size(), 1);
  EXPECT_EQ(Programs(from_proto).count("Surveyor Agent Test Suite"), 1u);
  // What the JSON of another run says about the same program.
  auto json = Agent({"collect", "--format", "json", "--only", "software"});
  v1::Snapshot from_json;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(json.out, &from_json).ok());
  // (Not the section hashes: tests running beside this one add programs.)
  auto a = Programs(from_proto), b = Programs(from_json);
  EXPECT_EQ(a["Surveyor Agent Test Suite"].SerializeAsString(),
            b["Surveyor Agent Test Suite"].SerializeAsString());
}

TEST_F(AgentCollectTest, TableAndOutputFile) {
  const std::filesystem::path out =
      std::filesystem::temp_directory_path() /
      (L"surveyor-table-" + std::to_wstring(GetCurrentProcessId()) + L".txt");
  auto r = Agent({"collect", "-o", common::Narrow(out.wstring())});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  std::ifstream in(out, std::ios::binary);
  std::stringstream table;
  table << in.rdbuf();
  in.close();
  std::filesystem::remove(out);
  EXPECT_NE(table.str().find("Surveyor Agent Test Suite"), std::string::npos);
  EXPECT_NE(table.str().find("Endpoint protection"), std::string::npos);
}

TEST(AgentCommandLineTest, HelpVersionAndRefusals) {
  auto help = Agent({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("collect"), std::string::npos);
  auto version = Agent({"version"});
  EXPECT_TRUE(version.out.starts_with("surveyor-agent " SURVEYOR_VERSION))
      << version.out;
  auto unknown = Agent({"collect", "--only", "nope"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown collector 'nope' (available: host, "
                             "software, protection, backup)"),
            std::string::npos)
      << unknown.err;
  auto missing =
      Agent({"collect", "--config", "C:\\no\\such\\agent.textproto"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cannot open configuration"), std::string::npos);
}

// A registry value set for one test on a path that may already exist (a real
// Windows machine has fhsvc, and may have Veeam and a File History value):
// the keys it had to create and the value's previous contents are put back.
class TemporaryValue {
 public:
  TemporaryValue(HKEY root, const std::wstring& path, const wchar_t* name,
                 DWORD type, const void* data, DWORD size)
      : name_(name) {
    HKEY parent = root;
    std::wstring so_far;
    for (std::size_t start = 0; start <= path.size();) {
      auto end = path.find(L'\\', start);
      if (end == std::wstring::npos) end = path.size();
      const std::wstring part = path.substr(start, end - start);
      so_far += (so_far.empty() ? L"" : L"\\") + part;
      HKEY next = nullptr;
      DWORD disposition = 0;
      EXPECT_EQ(RegCreateKeyExW(parent, part.c_str(), 0, nullptr, 0,
                                KEY_ALL_ACCESS | KEY_WOW64_64KEY, nullptr,
                                &next, &disposition),
                ERROR_SUCCESS);
      if (disposition == REG_CREATED_NEW_KEY) created_.push_back(so_far);
      if (parent != root) RegCloseKey(parent);
      parent = next;
      start = end + 1;
    }
    key_ = parent;
    root_ = root;
    DWORD old_size = 0;
    if (RegQueryValueExW(key_, name_.c_str(), nullptr, &old_type_, nullptr,
                         &old_size) == ERROR_SUCCESS) {
      old_.resize(old_size);
      RegQueryValueExW(key_, name_.c_str(), nullptr, &old_type_, old_.data(),
                       &old_size);
      had_old_ = true;
    }
    EXPECT_EQ(RegSetValueExW(key_, name_.c_str(), 0, type,
                             static_cast<const BYTE*>(data), size),
              ERROR_SUCCESS);
  }
  ~TemporaryValue() {
    if (had_old_) {
      RegSetValueExW(key_, name_.c_str(), 0, old_type_, old_.data(),
                     static_cast<DWORD>(old_.size()));
    } else {
      RegDeleteValueW(key_, name_.c_str());
    }
    RegCloseKey(key_);
    for (auto it = created_.rbegin(); it != created_.rend(); ++it) {
      RegDeleteKeyExW(root_, it->c_str(), KEY_WOW64_64KEY, 0);
    }
  }
  TemporaryValue(const TemporaryValue&) = delete;
  TemporaryValue& operator=(const TemporaryValue&) = delete;

 private:
  std::wstring name_;
  HKEY root_ = nullptr;
  HKEY key_ = nullptr;
  std::vector<std::wstring> created_;
  bool had_old_ = false;
  DWORD old_type_ = 0;
  std::vector<BYTE> old_;
};

// File History and Veeam Agent for Windows through the live machine: fhsvc's
// list naming a Config1.xml this test writes in the user's profile, the
// user's last-backup value in their hive (read through ProfileList and
// HKEY_USERS), and Veeam's service key, whose event log Wine does not have.
TEST(AgentBackupCollectTest, FileHistoryAndVeeamFromTheLiveMachine) {
  TestMutex turn(kMachineBackupState);
  wchar_t local[MAX_PATH];
  ASSERT_GT(GetEnvironmentVariableW(L"LOCALAPPDATA", local, MAX_PATH), 0u);
  const std::wstring dir =
      std::wstring(local) + L"\\" + Unique(L"SurveyorFileHistoryTest");
  std::filesystem::create_directories(dir);
  const std::string user = common::Narrow(Unique(L"fh-user"));
  {
    std::ofstream xml(std::filesystem::path(dir + L"\\Config1.xml"),
                      std::ios::binary);
    xml << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<DataProtectionUserConfig SchemaVersion=\"1\"><UserName>"
        << user
        << "</UserName><DPFrequency>3600</DPFrequency><DPStatus>ENABLED"
           "</DPStatus><Target><TargetName>Backup (E:)</TargetName>"
           "<TargetUrl>E:\\</TargetUrl><TargetDriveType>REMOVABLE"
           "</TargetDriveType></Target></DataProtectionUserConfig>";
  }
  const wchar_t empty[] = L"";
  TemporaryValue config(
      HKEY_LOCAL_MACHINE,
      L"SYSTEM\\CurrentControlSet\\Services\\fhsvc\\Parameters\\Configs",
      (dir + L"\\Config").c_str(), REG_SZ, empty, sizeof(empty));
  // Ten minutes ago, as a FILETIME.
  FILETIME now;
  GetSystemTimeAsFileTime(&now);
  const std::uint64_t protected_up_to =
      ((std::uint64_t{now.dwHighDateTime} << 32) | now.dwLowDateTime) -
      600ULL * 10'000'000ULL;
  TemporaryValue last(
      HKEY_CURRENT_USER,
      L"Software\\Microsoft\\Windows\\CurrentVersion\\FileHistory",
      L"ProtectedUpToTime", REG_QWORD, &protected_up_to,
      sizeof(protected_up_to));
  TemporaryValue veeam(
      HKEY_LOCAL_MACHINE,
      L"SYSTEM\\CurrentControlSet\\Services\\VeeamEndpointBackupSvc",
      L"SurveyorTest", REG_SZ, empty, sizeof(empty));

  auto r = Agent({"collect", "--only", "backup", "--format", "json"});
  std::filesystem::remove_all(dir);
  v1::Snapshot snapshot;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(r.out, &snapshot).ok())
      << r.err;
  ASSERT_EQ(snapshot.sections_size(), 1);
  const auto& section = snapshot.sections(0);
  const v1::BackupJob* file_history = nullptr;
  const v1::BackupJob* veeam_job = nullptr;
  for (const auto& j : section.backup().jobs()) {
    if (j.product() == "File History" && j.job_id() == user) file_history = &j;
    if (j.product() == "Veeam Agent for Windows") veeam_job = &j;
  }
  ASSERT_NE(file_history, nullptr) << r.out;
  EXPECT_EQ(file_history->target(), "E:\\");
  EXPECT_EQ(file_history->target_kind(), v1::BACKUP_TARGET_KIND_LOCAL);
  EXPECT_EQ(file_history->schedule_interval_seconds(), 3600u);
  EXPECT_EQ(file_history->last_success().seconds(),
            static_cast<std::int64_t>(protected_up_to / 10'000'000ULL -
                                      11'644'473'600ULL));
  EXPECT_EQ(file_history->status(), v1::BACKUP_STATUS_CURRENT);
  // Veeam's log: on Windows without Veeam really installed there is none,
  // and the agent is reported as installed with no finished job; Wine's
  // wevtapi runs no query, and that is the section's one error (collect
  // then exits 1), naming the log.
  if (section.errors_size() == 0) {
    EXPECT_EQ(r.exit_code, 0) << r.err;
    ASSERT_NE(veeam_job, nullptr) << r.out;
    EXPECT_EQ(veeam_job->status(), v1::BACKUP_STATUS_NEVER_SUCCEEDED);
  } else {
    ASSERT_EQ(section.errors_size(), 1) << r.out;
    EXPECT_EQ(section.errors(0).source(), "Veeam Agent for Windows");
    EXPECT_NE(section.errors(0).reason().find("event log 'Veeam Agent'"),
              std::string::npos);
    EXPECT_EQ(veeam_job, nullptr);
    EXPECT_EQ(r.exit_code, 1);
  }
}

}  // namespace
}  // namespace surveyor::agent
