#include "collectors/backup/backup_collector.h"

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include "common/time_util.h"
#include "tests/fakes/fake_command_runner.h"
#include "tests/fixture.h"

namespace surveyor::collectors::backup {
namespace {

using surveyor::testing::FakeCommandRunner;
using surveyor::testing::ReadFixture;

constexpr char kConfig[] = R"pb(
  backup {
    restic {
      name: "nas"
      repository: "sftp:nas:/restic"
      password_file: "/etc/surveyor/nas.pass"
    }
    restic {
      name: "cloud"
      repository: "s3:s3.amazonaws.com/acme"
      password_file: "/etc/surveyor/s3.pass"
    }
    borg {
      name: "offsite"
      repository: "ssh://backup@offsite/./repo"
      passphrase_file: "/etc/surveyor/borg.pass"
    }
  }
)pb";

const std::int64_t kNow = 1714600000;  // 2024-05-01T21:46:40Z

v1::Section Collect(const std::string& root, CommandRunner* runner) {
  v1::AgentConfig config;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(kConfig, &config));
  auto view = HostView::Open(root);
  EXPECT_TRUE(view);
  CollectContext ctx{
      *view, std::chrono::system_clock::time_point(std::chrono::seconds(kNow)),
      config, runner};
  v1::Section section;
  section.set_collector("backup");
  BackupCollector().Collect(ctx, section);
  return section;
}

const v1::BackupJob* Find(const v1::Section& s, std::string_view id) {
  for (const auto& j : s.backup().jobs()) {
    if (j.job_id() == id) return &j;
  }
  return nullptr;
}

TEST(BackupCollectorTest, OneBrokenToolDoesNotAffectTheOthers) {
  FakeCommandRunner runner;
  runner.Answer(
      "/usr/bin/restic -r sftp:nas:/restic snapshots --json --no-lock "
      "--no-cache",
      {0, ReadFixture("backup/restic_0.17_snapshots.json"), ""});
  runner.Answer(
      "/usr/bin/restic -r s3:s3.amazonaws.com/acme snapshots --json "
      "--no-lock --no-cache",
      {0, "[{\"time\":\"2024-05-01T02:00:01Z\",\"paths\":[\"/srv\"", ""});
  runner.Fail("/usr/bin/borg list --json ssh://backup@offsite/./repo",
              common::Error{common::ErrorCode::kResourceExhausted,
                            "/usr/bin/borg: timed out after 30000 ms and was "
                            "killed"});
  v1::Section s = Collect(
      std::string(SURVEYOR_FIXTURES) + "/roots/protected-server", &runner);

  ASSERT_EQ(s.errors_size(), 2);
  EXPECT_EQ(s.errors(0).source(), "restic snapshots (cloud)");
  EXPECT_NE(s.errors(0).reason().find("not valid JSON"), std::string::npos);
  EXPECT_EQ(s.errors(1).source(), "borg list (offsite)");
  EXPECT_NE(s.errors(1).reason().find("timed out"), std::string::npos);

  const auto* nas = Find(s, "nas");
  ASSERT_NE(nas, nullptr);
  EXPECT_EQ(nas->restore_points(), 2u);
  EXPECT_EQ(nas->last_success().seconds(), 1714521871);
  EXPECT_EQ(nas->status(), v1::BACKUP_STATUS_CURRENT);  // 22 h old, 26 h max
  EXPECT_EQ(nas->target_kind(), v1::BACKUP_TARGET_KIND_NETWORK);

  const auto* cloud = Find(s, "cloud");
  ASSERT_NE(cloud, nullptr);
  EXPECT_EQ(cloud->status(), v1::BACKUP_STATUS_UNKNOWN);
  EXPECT_EQ(cloud->target_kind(), v1::BACKUP_TARGET_KIND_CLOUD);
  EXPECT_FALSE(cloud->error().empty());

  const auto* offsite = Find(s, "offsite");
  ASSERT_NE(offsite, nullptr);
  EXPECT_EQ(offsite->status(), v1::BACKUP_STATUS_UNKNOWN);

  // Timeshift from the fixture root: weekly+daily schedule, newest snapshot
  // 2024-04-30 02:00 local, so stale a day later... only when older than a
  // day plus: 2024-05-01T21:46Z is ~44 h after it.
  const auto* ts = Find(s, "timeshift");
  ASSERT_NE(ts, nullptr);
  EXPECT_EQ(ts->restore_points(), 2u);
  EXPECT_EQ(ts->schedule_interval_seconds(), 86400u);
  EXPECT_EQ(
      ts->last_success().seconds(),
      common::LocalCivilToUnix(common::CivilToUnix(2024, 4, 30, 2, 0, 1)));
  EXPECT_EQ(ts->status(), v1::BACKUP_STATUS_STALE);
}

TEST(BackupCollectorTest, PasswordsTravelAsFileNamesInTheEnvironment) {
  FakeCommandRunner runner;
  Collect(std::string(SURVEYOR_FIXTURES) + "/roots/debian-desktop", &runner);
  ASSERT_EQ(runner.calls.size(), 3u);
  for (const auto& call : runner.calls) {
    EXPECT_EQ(call.find(".pass"), std::string::npos) << call;
  }
  EXPECT_EQ(runner.envs[0].back(),
            "RESTIC_PASSWORD_FILE=/etc/surveyor/nas.pass");
  bool passcommand = false;
  for (const auto& e : runner.envs[2]) {
    passcommand |= e == "BORG_PASSCOMMAND=/bin/cat '/etc/surveyor/borg.pass'";
  }
  EXPECT_TRUE(passcommand);
}

TEST(BackupCollectorTest, NoToolsNoConfigNoJobs) {
  auto view =
      HostView::Open(std::string(SURVEYOR_FIXTURES) + "/roots/debian-desktop");
  CollectContext ctx{*view, std::chrono::system_clock::now()};
  v1::Section section;
  BackupCollector().Collect(ctx, section);
  EXPECT_EQ(section.errors_size(), 0);
  EXPECT_TRUE(section.has_backup());
  EXPECT_EQ(section.backup().jobs_size(), 0);
}

}  // namespace
}  // namespace surveyor::collectors::backup
