#include "collectors/host/proc_info.h"

#include <gtest/gtest.h>

#include "tests/fixture.h"

namespace surveyor::collectors::host {
namespace {

using surveyor::testing::ReadFixture;

TEST(ProcInfoTest, X86CpuInfoCapturedFromADevelopmentVm) {
  CpuInfo info = ParseCpuInfo(ReadFixture("host/cpuinfo.x86_64"));
  EXPECT_EQ(info.count, 2u);
  EXPECT_FALSE(info.model.empty());
}

TEST(ProcInfoTest, Arm64CpuInfoFallsBackToModel) {
  CpuInfo info = ParseCpuInfo(ReadFixture("host/cpuinfo.arm64"));
  EXPECT_EQ(info.count, 4u);
  EXPECT_EQ(info.model, "Raspberry Pi 4 Model B Rev 1.1");
}

TEST(ProcInfoTest, MemTotalInBytes) {
  EXPECT_GT(ParseMemTotal(ReadFixture("host/meminfo")), 1ull << 30);
  EXPECT_EQ(ParseMemTotal("MemFree: 1 kB\nMemTotal:       2048 kB\n"),
            2048u * 1024);
  EXPECT_EQ(ParseMemTotal("MemTotal: lots kB\n"), 0u);
  EXPECT_EQ(ParseMemTotal(""), 0u);
}

}  // namespace
}  // namespace surveyor::collectors::host
