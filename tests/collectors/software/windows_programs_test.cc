#include "collectors/software/windows_programs.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/fixture.h"

namespace surveyor::collectors::software {
namespace {

using surveyor::testing::ReadFixture;

std::vector<v1::Package> ProgramsIn(const std::string& fixture) {
  auto keys = ParseRegistryExport(ReadFixture(fixture));
  EXPECT_TRUE(keys) << fixture << ": " << keys.error().reason;
  return keys ? WindowsPrograms(*keys) : std::vector<v1::Package>{};
}

TEST(WindowsProgramsTest, ListsWhatWindowsListsAndNothingElse) {
  auto programs = ProgramsIn("windows/uninstall_machine_wine8.reg");
  std::map<std::string, v1::Package> by_name;
  for (const auto& p : programs) by_name[p.name()] = p;
  // Listed: Acrobat Reader, AnyDesk, Notepad++, Hidemaru. Not listed: the
  // SystemComponent runtime, the Office update (ParentKeyName), the .NET
  // hotfix (ReleaseType), the key without DisplayName, the nested key.
  ASSERT_EQ(by_name.size(), 4u);
  ASSERT_EQ(programs.size(), 4u);

  const auto& reader = by_name.at("Adobe Acrobat Reader DC");
  EXPECT_EQ(reader.source(), v1::PACKAGE_SOURCE_WINDOWS);
  EXPECT_EQ(reader.version(), "23.008.20470");
  EXPECT_TRUE(reader.installed());
  EXPECT_EQ(reader.architecture(), "");
  EXPECT_EQ(reader.windows().key_name(),
            "{AC76BA86-7AD7-1033-7B44-AC0F074E4100}");
  EXPECT_EQ(reader.windows().publisher(), "Adobe Systems Incorporated");
  EXPECT_EQ(reader.windows().scope(), "machine");
  EXPECT_EQ(reader.windows().install_date(), "20240115");
  EXPECT_TRUE(reader.windows().windows_installer());
  EXPECT_EQ(reader.windows().estimated_size_kib(), 601234u);

  EXPECT_EQ(by_name.at("AnyDesk").version(), "ad 8.0.9");
  EXPECT_FALSE(by_name.at("AnyDesk").windows().windows_installer());
  EXPECT_EQ(by_name.at("Notepad++ (64-bit x64)").version(), "8.6.2");
  // No DisplayVersion: VersionMajor.VersionMinor.
  EXPECT_EQ(by_name.at("秀丸エディタ").version(), "9.22");
  EXPECT_EQ(by_name.at("秀丸エディタ").windows().publisher(), "斉藤秀夫");
}

TEST(WindowsProgramsTest, ThirtyTwoBitViewAndPerUserInstalls) {
  auto x86 = ProgramsIn("windows/uninstall_wow6432node_wine8.reg");
  ASSERT_EQ(x86.size(), 1u);
  EXPECT_EQ(x86[0].name(), "TeamViewer");
  EXPECT_EQ(x86[0].architecture(), "x86");
  EXPECT_EQ(x86[0].windows().scope(), "machine-32");

  auto user = ProgramsIn("windows/uninstall_user_wine8.reg");
  ASSERT_EQ(user.size(), 2u);
  for (const auto& p : user) {
    EXPECT_EQ(p.windows().scope(), "user") << p.name();
    EXPECT_EQ(p.windows().user(), "current") << p.name();
  }
  EXPECT_EQ(user[0].name(), "Slack");
  EXPECT_EQ(user[1].name(), "Zoom");
  EXPECT_EQ(user[1].windows().publisher(), "Zoom Video Communications, Inc.");
}

TEST(WindowsProgramsTest, OtherUsersHivesAndKeysOutsideUninstall) {
  auto keys = ParseRegistryExport(
      "Windows Registry Editor Version 5.00\n"
      "[HKEY_USERS\\S-1-5-21-1004336348-1177238915-682003330-1001\\Software\\"
      "Microsoft\\Windows\\CurrentVersion\\Uninstall\\Teams]\n"
      "\"DisplayName\"=\"Microsoft Teams classic\"\n"
      "\"DisplayVersion\"=\"1.6.00.4472\"\n"
      "[HKEY_USERS\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\"
      "Run\\NotAProgram]\n"
      "\"DisplayName\"=\"not under Uninstall\"\n"
      "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\Microsoft\\Windows\\"
      "CurrentVersion\\Uninstall\\Elsewhere]\n"
      "\"DisplayName\"=\"an Uninstall key in the wrong place\"\n"
      "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\"
      "Uninstall\\Blank]\n"
      "\"DisplayName\"=\"   \"\n");
  ASSERT_TRUE(keys);
  auto programs = WindowsPrograms(*keys);
  ASSERT_EQ(programs.size(), 1u);
  EXPECT_EQ(programs[0].name(), "Microsoft Teams classic");
  EXPECT_EQ(programs[0].windows().scope(), "user");
  EXPECT_EQ(programs[0].windows().user(),
            "S-1-5-21-1004336348-1177238915-682003330-1001");
}

}  // namespace
}  // namespace surveyor::collectors::software
