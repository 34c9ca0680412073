#include "collectors/protection/protection_collector.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/fakes/fake_command_runner.h"
#include "tests/fixture.h"

namespace surveyor::collectors::protection {
namespace {

using surveyor::testing::FakeCommandRunner;
using surveyor::testing::ReadFixture;

const std::string kRoot =
    std::string(SURVEYOR_FIXTURES) + "/roots/protected-server";

v1::Section Collect(const std::string& root, CommandRunner* runner) {
  auto view = HostView::Open(root);
  EXPECT_TRUE(view);
  CollectContext ctx{
      *view,
      std::chrono::system_clock::time_point(std::chrono::seconds(1714600000)),
      v1::AgentConfig::default_instance(), runner};
  v1::Section section;
  section.set_collector("protection");
  ProtectionCollector().Collect(ctx, section);
  return section;
}

const v1::ProtectionProduct* Find(const v1::Section& s,
                                  std::string_view product) {
  for (const auto& p : s.protection().products()) {
    if (p.product() == product) return &p;
  }
  return nullptr;
}

TEST(ProtectionCollectorTest, FixtureServerWithFakeTools) {
  FakeCommandRunner runner;
  runner.Answer("/usr/bin/mdatp health --output json",
                {0, ReadFixture("protection/mdatp_health.json"), ""});
  runner.Answer("/opt/CrowdStrike/falconctl -g --rfm-state --version",
                {0, ReadFixture("protection/falconctl_rfm.txt"), ""});
  runner.Answer("/usr/bin/clamscan --version",
                {0, "ClamAV 1.4.6/27261/Tue Apr 30 08:10:00 2024\n", ""});
  v1::Section s = Collect(kRoot, &runner);
  EXPECT_EQ(s.errors_size(), 0) << s.errors(0).reason();
  ASSERT_EQ(s.protection().products_size(), 3);

  const auto* clam = Find(s, "ClamAV");
  ASSERT_NE(clam, nullptr);
  EXPECT_EQ(clam->version(), "1.4.6");
  EXPECT_EQ(clam->signature_version(), "27261");
  EXPECT_EQ(clam->signature_time().seconds(), 1714464600);  // daily is newest
  EXPECT_NE(clam->detection().find("daily.cld"), std::string::npos);

  const auto* mde = Find(s, "Defender for Endpoint");
  ASSERT_NE(mde, nullptr);
  EXPECT_EQ(mde->managed(), v1::TRI_STATE_YES);
  EXPECT_EQ(mde->detection(), "mdatp health");

  const auto* falcon = Find(s, "Falcon");
  ASSERT_NE(falcon, nullptr);
  EXPECT_EQ(falcon->version(), "7.10.16303.0");
  EXPECT_EQ(falcon->realtime_protection(), v1::TRI_STATE_NO);
  ASSERT_EQ(falcon->issues_size(), 1);
  EXPECT_EQ(falcon->issues(0), "reduced functionality mode");

  const auto& fw = s.protection().firewall();
  EXPECT_EQ(fw.enabled(), v1::TRI_STATE_YES);
  EXPECT_EQ(fw.mechanism(), "ufw");
  EXPECT_NE(fw.detail().find("DROP"), std::string::npos);

  const auto& upd = s.protection().auto_updates();
  EXPECT_EQ(upd.enabled(), v1::TRI_STATE_YES);
  EXPECT_EQ(upd.mechanism(), "unattended-upgrades");
  struct stat st {};
  ASSERT_EQ(
      ::stat(
          (kRoot + "/var/lib/apt/periodic/unattended-upgrades-stamp").c_str(),
          &st),
      0);
  EXPECT_EQ(upd.last_run().seconds(), st.st_mtime);

  // Never asks falconctl for secrets.
  for (const auto& call : runner.calls) {
    EXPECT_EQ(call.find("provisioning-token"), std::string::npos) << call;
  }
}

TEST(ProtectionCollectorTest, BrokenToolOutputIsAnErrorOthersUnaffected) {
  FakeCommandRunner runner;
  runner.Answer("/usr/bin/mdatp health --output json",
                {0, "{\"healthy\": tru", ""});
  runner.Fail("/opt/CrowdStrike/falconctl -g --rfm-state --version",
              common::Error{common::ErrorCode::kResourceExhausted,
                            "/opt/CrowdStrike/falconctl: timed out after 30000 "
                            "ms and was killed"});
  v1::Section s = Collect(kRoot, &runner);
  ASSERT_EQ(s.errors_size(), 2);
  EXPECT_EQ(s.errors(0).source(), "/usr/bin/mdatp health --output json");
  EXPECT_NE(s.errors(0).reason().find("not a JSON object"), std::string::npos);
  EXPECT_NE(s.errors(1).reason().find("timed out"), std::string::npos);
  // Products are still listed, ClamAV and the rest fully.
  EXPECT_EQ(s.protection().products_size(), 3);
  EXPECT_EQ(Find(s, "ClamAV")->signature_version(), "27261");
  EXPECT_EQ(s.protection().firewall().enabled(), v1::TRI_STATE_YES);
}

TEST(ProtectionCollectorTest, OfflineRootRunsNoCommands) {
  v1::Section s = Collect(kRoot, nullptr);
  EXPECT_EQ(s.errors_size(), 0);
  EXPECT_EQ(Find(s, "Falcon")->version(), "");
  EXPECT_EQ(s.protection().disk_encryption().encrypted(),
            v1::TRI_STATE_UNKNOWN);
}

TEST(ProtectionCollectorTest, NothingInstalled) {
  v1::Section s = Collect(
      std::string(SURVEYOR_FIXTURES) + "/roots/debian-desktop", nullptr);
  EXPECT_EQ(s.errors_size(), 0);
  EXPECT_EQ(s.protection().products_size(), 0);
  EXPECT_EQ(s.protection().firewall().enabled(), v1::TRI_STATE_UNKNOWN);
}

}  // namespace
}  // namespace surveyor::collectors::protection
