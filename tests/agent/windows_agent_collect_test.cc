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

#include "collectors/command_runner.h"
#include "common/win32_text.h"
#include "surveyor/v1/snapshot.pb.h"
#include "tests/collectors/windows/scratch_key.h"

namespace surveyor::agent {
namespace {

using surveyor::testing::ScratchKey;
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

}  // namespace
}  // namespace surveyor::agent
