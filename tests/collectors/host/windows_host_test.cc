#include "collectors/host/windows_host.h"

#include <gtest/gtest.h>

#include "tests/fixture.h"

namespace surveyor::collectors::host {
namespace {

using surveyor::testing::ReadFixture;

v1::HostFacts FactsOf(const std::string& fixture) {
  auto keys = ParseRegistryExport(ReadFixture(fixture));
  EXPECT_TRUE(keys) << fixture << ": " << keys.error().reason;
  return keys ? WindowsHostFacts(*keys) : v1::HostFacts{};
}

TEST(WindowsHostTest, WineRegistryAsWindows7) {
  auto f = FactsOf("windows/host_wine8.reg");
  EXPECT_EQ(f.identity().machine_id(), "5bf85117-351d-4733-905b-b46c03ac9054");
  EXPECT_EQ(f.identity().hostname(), "VM");
  EXPECT_EQ(f.os().id(), "windows");
  EXPECT_EQ(f.os().name(), "Microsoft Windows 7");
  EXPECT_EQ(f.os().version_id(), "6.1.7601");
  EXPECT_EQ(f.os().pretty_name(),
            "Microsoft Windows 7 Service Pack 1 (build 7601)");
  EXPECT_EQ(f.kernel_release(), "6.1.7601");
  EXPECT_EQ(f.architecture(), "x86_64");
  EXPECT_EQ(f.cpu_count(), 2u);
  EXPECT_EQ(f.cpu_model(), "Oxide Virtual Turin-like Processor");
}

TEST(WindowsHostTest, Windows11ThatCallsItselfWindows10) {
  auto f = FactsOf("windows/host_windows11_written.reg");
  EXPECT_EQ(f.os().name(), "Windows 11 Pro");
  EXPECT_EQ(f.os().version_id(), "10.0.22631.3007");
  EXPECT_EQ(f.os().version_codename(), "23H2");
  EXPECT_EQ(f.os().pretty_name(), "Windows 11 Pro 23H2 (build 22631.3007)");
  EXPECT_EQ(f.identity().machine_id(), "8b1c3e2f-0a4d-4f6e-9c7b-2d5e8f1a3b6c");
  EXPECT_EQ(f.identity().hostname(), "LAP-ANA");
  EXPECT_EQ(f.architecture(), "aarch64");
  EXPECT_EQ(f.cpu_count(), 0u);  // no CentralProcessor keys exported
}

TEST(WindowsHostTest, Windows10KeepsItsName) {
  auto keys = ParseRegistryExport(
      "Windows Registry Editor Version 5.00\n"
      "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\n"
      "\"CurrentBuild\"=\"19045\"\n"
      "\"CurrentMajorVersionNumber\"=dword:0000000a\n"
      "\"CurrentMinorVersionNumber\"=dword:00000000\n"
      "\"ProductName\"=\"Windows 10 Enterprise\"\n"
      "\"ReleaseId\"=\"2009\"\n");
  ASSERT_TRUE(keys);
  auto f = WindowsHostFacts(*keys);
  EXPECT_EQ(f.os().name(), "Windows 10 Enterprise");
  EXPECT_EQ(f.os().version_id(), "10.0.19045");
  EXPECT_EQ(f.os().version_codename(), "2009");
  EXPECT_TRUE(f.identity().machine_id().empty());
}

}  // namespace
}  // namespace surveyor::collectors::host
