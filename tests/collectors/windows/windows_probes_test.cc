#include <gtest/gtest.h>

#include <map>

#include "collectors/host/windows_host_probe.h"
#include "collectors/software/windows_programs_probe.h"
#include "tests/fakes/fake_registry_view.h"
#include "tests/fixture.h"

namespace surveyor::collectors {
namespace {

using surveyor::testing::FakeRegistryView;
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

}  // namespace
}  // namespace surveyor::collectors
