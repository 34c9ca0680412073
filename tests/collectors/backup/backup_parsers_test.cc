#include "collectors/backup/backup_parsers.h"

#include <gtest/gtest.h>

#include "collectors/backup/backup_status.h"
#include "common/time_util.h"
#include "tests/fixture.h"

namespace surveyor::collectors::backup {
namespace {

using surveyor::testing::ReadFixture;

std::string Fx(const std::string& name) {
  return ReadFixture("backup/" + name);
}

TEST(ResticTest, Snapshots017WithSummary) {
  v1::BackupJob job;
  ASSERT_TRUE(ParseResticSnapshots(Fx("restic_0.17_snapshots.json"), job));
  EXPECT_EQ(job.restore_points(), 2u);
  // backup_end of the newest, not its start.
  EXPECT_EQ(job.last_success().seconds(), 1714521871);
  EXPECT_EQ(job.size_bytes(), 53687091200u);
  EXPECT_EQ(job.encrypted(), v1::TRI_STATE_YES);
}

TEST(ResticTest, Snapshots014CapturedFromDebian) {
  v1::BackupJob job;
  ASSERT_TRUE(ParseResticSnapshots(Fx("restic_0.14_snapshots.json"), job));
  EXPECT_EQ(job.restore_points(), 1u);
  EXPECT_GT(job.last_success().seconds(), 1700000000);
}

TEST(ResticTest, EmptyAndBad) {
  v1::BackupJob job;
  ASSERT_TRUE(ParseResticSnapshots("[]", job));
  EXPECT_EQ(job.restore_points(), 0u);
  EXPECT_FALSE(job.has_last_success());
  EXPECT_FALSE(ParseResticSnapshots("{}", job));
  EXPECT_FALSE(ParseResticSnapshots("[{\"time\":\"yesterday\"}]", job));
  EXPECT_FALSE(ParseResticSnapshots("[1]", job));
  EXPECT_FALSE(ParseResticSnapshots("Fatal: wrong password", job));
}

// stderr of `restic snapshots` on a path with no repository, captured from
// Debian 12's restic 0.14.0 (exit status 1); restic 0.17 exits 10.
TEST(ResticTest, NoRepositoryCapturedFromDebian) {
  const std::string err = Fx("restic_0.14_no_repository.stderr");
  EXPECT_TRUE(ResticSaysNoRepository(1, err));
  EXPECT_TRUE(ResticSaysNoRepository(10, ""));
  EXPECT_FALSE(
      ResticSaysNoRepository(1, "Fatal: wrong password or no key found\n"));
  EXPECT_FALSE(ResticSaysNoRepository(12, ""));
}

TEST(BorgTest, ListAndInfoCapturedFromDebian) {
  v1::BackupJob job;
  std::int64_t newest = 0;
  ASSERT_TRUE(ParseBorgList(Fx("borg_list.json"), job, &newest));
  EXPECT_EQ(job.restore_points(), 1u);
  EXPECT_EQ(job.encrypted(), v1::TRI_STATE_YES);
  EXPECT_EQ(job.job_id().size(), 64u);  // Repository id.
  EXPECT_GT(newest, 1700000000);
  auto info = ParseBorgInfo(Fx("borg_info.json"));
  ASSERT_TRUE(info);
  EXPECT_GE(info->end_civil, newest);
  EXPECT_EQ(info->original_size, 6u);
}

TEST(BorgTest, UnencryptedAndBad) {
  v1::BackupJob job;
  std::int64_t newest = 0;
  ASSERT_TRUE(ParseBorgList(
      R"({"archives":[],"encryption":{"mode":"none"},"repository":{"id":"x"}})",
      job, &newest));
  EXPECT_EQ(job.encrypted(), v1::TRI_STATE_NO);
  EXPECT_EQ(newest, 0);
  EXPECT_FALSE(ParseBorgList("{}", job, &newest));
  EXPECT_FALSE(ParseBorgList(R"({"archives":[{"name":"a","start":"soon"}]})",
                             job, &newest));
  EXPECT_FALSE(ParseBorgInfo("not json"));
}

TEST(TimeshiftTest, ScheduleAndSnapshotNames) {
  EXPECT_EQ(ParseTimeshiftSchedule(Fx("timeshift.json")), 86400u);
  // A real configuration (btrfs mode, daily), as Timeshift writes it: every
  // value a string.
  EXPECT_EQ(ParseTimeshiftSchedule(Fx("timeshift_guide_btrfs_daily.json")),
            86400u);
  EXPECT_EQ(ParseTimeshiftSchedule(R"({"schedule_hourly":"true"})"), 3600u);
  EXPECT_EQ(ParseTimeshiftSchedule(R"({"schedule_daily":"false"})"), 0u);
  EXPECT_FALSE(ParseTimeshiftSchedule("[]"));
  EXPECT_EQ(ParseTimeshiftSnapshotName("2024-05-01_10-00-01"),
            common::CivilToUnix(2024, 5, 1, 10, 0, 1));
  EXPECT_FALSE(ParseTimeshiftSnapshotName("2024-05-01"));
  EXPECT_FALSE(ParseTimeshiftSnapshotName("2024-13-01_10-00-01"));
}

TEST(VeeamTest, SessionList) {
  auto jobs = ParseVeeamSessionList(Fx("veeam_session_list.txt"));
  ASSERT_TRUE(jobs) << jobs.error().reason;
  ASSERT_EQ(jobs->size(), 2u);
  const auto& home = (*jobs)[0];
  EXPECT_EQ(home.job_id(), "Home Folders");
  EXPECT_EQ(home.last_result(), v1::BACKUP_RESULT_WARNING);
  EXPECT_EQ(home.restore_points(), 1u);
  const auto& sys = (*jobs)[1];
  EXPECT_EQ(sys.job_id(), "SystemBackup");
  // The last attempt failed; the last success is the day before.
  EXPECT_EQ(sys.last_result(), v1::BACKUP_RESULT_FAILED);
  EXPECT_EQ(sys.last_attempt().seconds(),
            common::CivilToUnix(2024, 5, 1, 22, 0, 0));
  EXPECT_EQ(sys.last_success().seconds(),
            common::CivilToUnix(2024, 4, 30, 22, 12, 0));
  EXPECT_EQ(sys.restore_points(), 2u);
  EXPECT_FALSE(ParseVeeamSessionList("something unexpected\n"));
  auto none = ParseVeeamSessionList("No sessions found.\n");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(TimeMachineTest, DestinationsAndBackupPaths) {
  auto dests = ParseTmutilDestinations(Fx("tmutil_destinationinfo.plist"));
  ASSERT_TRUE(dests);
  ASSERT_EQ(dests->size(), 2u);
  EXPECT_EQ((*dests)[0].target_kind(), v1::BACKUP_TARGET_KIND_NETWORK);
  EXPECT_EQ((*dests)[0].target(),
            "Office NAS (/Volumes/Backups of Office-Mac)");
  EXPECT_EQ((*dests)[1].target_kind(), v1::BACKUP_TARGET_KIND_LOCAL);
  EXPECT_EQ(ParseTimeMachineBackupTime(
                "/Volumes/.timemachine/4B1D/2024-05-01-101010.backup/"),
            common::CivilToUnix(2024, 5, 1, 10, 10, 10));
  EXPECT_EQ(ParseTimeMachineBackupTime(
                "/Volumes/TM/Backups.backupdb/Mac/2024-04-30-235959"),
            common::CivilToUnix(2024, 4, 30, 23, 59, 59));
  EXPECT_FALSE(ParseTimeMachineBackupTime("/Volumes/TM/x.inprogress"));
  EXPECT_FALSE(
      ParseTmutilDestinations("<plist><dict><key>Destinations</key>"
                              "<string>x</string></dict></plist>"));
}

TEST(WbadminTest, Versions) {
  v1::BackupJob job;
  ASSERT_TRUE(ParseWbadminVersions(Fx("wbadmin_get_versions.txt"), job));
  EXPECT_EQ(job.restore_points(), 2u);
  EXPECT_EQ(job.last_success().seconds(),
            common::CivilToUnix(2024, 5, 1, 4, 0, 0));
  EXPECT_EQ(job.target(), "1394/USB Disk labeled Backup(E:)");
  EXPECT_EQ(job.target_kind(), v1::BACKUP_TARGET_KIND_LOCAL);
  v1::BackupJob none;
  ASSERT_TRUE(ParseWbadminVersions("No backups were found.\n", none));
  EXPECT_EQ(none.restore_points(), 0u);
  EXPECT_FALSE(
      ParseWbadminVersions("Version identifier: 13/45/2024-99:00\n", none));
}

TEST(BackupStatusTest, ClassifyAndRedact) {
  EXPECT_EQ(ClassifyLocation("/srv/restic"), v1::BACKUP_TARGET_KIND_LOCAL);
  EXPECT_EQ(ClassifyLocation("sftp:nas:/backups"),
            v1::BACKUP_TARGET_KIND_NETWORK);
  EXPECT_EQ(ClassifyLocation("s3:s3.amazonaws.com/bucket"),
            v1::BACKUP_TARGET_KIND_CLOUD);
  EXPECT_EQ(ClassifyLocation("backup@nas:repo"),
            v1::BACKUP_TARGET_KIND_NETWORK);
  EXPECT_EQ(RedactLocation("rest:https://user:s3cret@host:8000/repo"),
            "rest:https://user@host:8000/repo");
  EXPECT_EQ(RedactLocation("ssh://u@host/./repo"), "ssh://u@host/./repo");
  EXPECT_EQ(RedactLocation("/srv/restic"), "/srv/restic");
}

TEST(BackupStatusTest, Judge) {
  auto now =
      std::chrono::system_clock::time_point(std::chrono::seconds(100000));
  v1::BackupJob job;
  JudgeBackup(job, now, std::chrono::hours(26), /*read_ok=*/true);
  EXPECT_EQ(job.status(), v1::BACKUP_STATUS_NEVER_SUCCEEDED);
  EXPECT_EQ(job.schedule_interval_seconds(), 26u * 3600);
  v1::BackupJob unreadable;
  JudgeBackup(unreadable, now, std::chrono::hours(26), /*read_ok=*/false);
  EXPECT_EQ(unreadable.status(), v1::BACKUP_STATUS_UNKNOWN);
  v1::BackupJob hourly;
  hourly.set_schedule_interval_seconds(3600);
  hourly.mutable_last_success()->set_seconds(100000 - 7200);
  JudgeBackup(hourly, now, std::chrono::hours(26), true);
  EXPECT_EQ(hourly.status(), v1::BACKUP_STATUS_STALE);
  hourly.mutable_last_success()->set_seconds(100000 - 600);
  JudgeBackup(hourly, now, std::chrono::hours(26), true);
  EXPECT_EQ(hourly.status(), v1::BACKUP_STATUS_CURRENT);
}

}  // namespace
}  // namespace surveyor::collectors::backup
