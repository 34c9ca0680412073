// File History's configuration and job, an event record's XML, and Veeam
// Agent for Windows' jobs from its events: on a real Config1.xml, a real
// event record, and Veeam records written from Veeam's documentation
// (tests/fixtures/windows/SOURCES.md).
#include <gtest/gtest.h>

#include <sstream>

#include "collectors/backup/file_history.h"
#include "collectors/backup/veeam_agent_windows.h"
#include "collectors/windows/event_log.h"
#include "common/time_util.h"
#include "tests/fixture.h"

namespace surveyor::collectors::backup {
namespace {

using std::chrono::hours;
using windows::EventLevel;
using windows::EventRecord;
using windows::ParseEventRecordXml;

std::chrono::system_clock::time_point At(int y, int mo, int d, int h) {
  return std::chrono::system_clock::from_time_t(
      static_cast<std::time_t>(common::CivilToUnix(y, mo, d, h, 0, 0)));
}

std::int64_t Unix(int y, int mo, int d, int h, int mi, int s) {
  return common::CivilToUnix(y, mo, d, h, mi, s);
}

// 2026-12-01T02:00:00Z as a FILETIME.
constexpr std::uint64_t kProtected = 134405640000000000ULL;

TEST(FileHistoryTest, RealConfigurationWithANetworkTarget) {
  auto c = ParseFileHistoryConfig(surveyor::testing::ReadFixture(
      "windows/file_history_config1_verboon.xml"));
  ASSERT_TRUE(c) << c.error().reason;
  EXPECT_EQ(c->user_name, "Admin");
  EXPECT_EQ(c->pc_name, "AV-WIN8-004");
  EXPECT_EQ(c->status, "ENABLED");
  EXPECT_EQ(c->frequency_seconds, 3600u);
  EXPECT_EQ(c->target_name, "\\\\labhome099\\data\\FileHistoryBackup");
  EXPECT_EQ(c->target_url, "\\\\labhome099\\data\\FileHistoryBackup\\");
  EXPECT_EQ(c->target_drive_type, "REMOTE");
}

TEST(FileHistoryTest, RefusesWhatIsNotAConfiguration) {
  auto other = ParseFileHistoryConfig("<Event/>");
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().reason.find("DataProtectionUserConfig"),
            std::string::npos);
  auto freq = ParseFileHistoryConfig(
      "<DataProtectionUserConfig><DPFrequency>hourly</DPFrequency>"
      "</DataProtectionUserConfig>");
  ASSERT_FALSE(freq);
  EXPECT_NE(freq.error().reason.find("hourly"), std::string::npos);
  EXPECT_FALSE(ParseFileHistoryConfig("<DataProtectionUserConfig>"));
}

TEST(FileHistoryTest, FileTimes) {
  EXPECT_EQ(FileTimeToUnix(kProtected), Unix(2026, 12, 1, 2, 0, 0));
  EXPECT_EQ(FileTimeToUnix(0), std::nullopt);
  EXPECT_EQ(FileTimeToUnix(116444736000000000ULL), std::nullopt);  // 1970.
}

TEST(FileHistoryTest, JobJudgedOnProtectedUpToTimeAndItsFrequency) {
  auto c = ParseFileHistoryConfig(surveyor::testing::ReadFixture(
      "windows/file_history_config1_verboon.xml"));
  ASSERT_TRUE(c);
  FileHistoryState state;
  state.protected_up_to = kProtected;
  v1::BackupJob job = FileHistoryJob(*c, state, At(2026, 12, 1, 2), hours(26));
  EXPECT_EQ(job.product(), "File History");
  EXPECT_EQ(job.job_id(), "Admin");
  EXPECT_EQ(job.target(), "\\\\labhome099\\data\\FileHistoryBackup\\");
  EXPECT_EQ(job.target_kind(), v1::BACKUP_TARGET_KIND_NETWORK);
  EXPECT_EQ(job.schedule_interval_seconds(), 3600u);
  EXPECT_EQ(job.last_success().seconds(), Unix(2026, 12, 1, 2, 0, 0));
  EXPECT_EQ(job.last_result(), v1::BACKUP_RESULT_SUCCESS);
  EXPECT_EQ(job.status(), v1::BACKUP_STATUS_CURRENT);
  EXPECT_EQ(job.error(), "");
  // Two hours later an hourly File History is behind.
  EXPECT_EQ(FileHistoryJob(*c, state, At(2026, 12, 1, 4), hours(26)).status(),
            v1::BACKUP_STATUS_STALE);
}

TEST(FileHistoryTest, NeverRanTurnedOffOrUnknown) {
  FileHistoryConfig c;
  c.user_name = "bob";
  c.status = "ENABLED";
  c.target_drive_type = "REMOVABLE";
  FileHistoryState never;
  never.protected_up_to = 0;
  v1::BackupJob job = FileHistoryJob(c, never, At(2026, 12, 1, 2), hours(26));
  EXPECT_EQ(job.status(), v1::BACKUP_STATUS_NEVER_SUCCEEDED);
  EXPECT_EQ(job.target_kind(), v1::BACKUP_TARGET_KIND_LOCAL);
  EXPECT_EQ(job.schedule_interval_seconds(), 26u * 3600);  // No DPFrequency.

  FileHistoryState logged_off;  // Hive not loaded.
  job = FileHistoryJob(c, logged_off, At(2026, 12, 1, 2), hours(26));
  EXPECT_EQ(job.status(), v1::BACKUP_STATUS_UNKNOWN);
  EXPECT_NE(job.error().find("logged on"), std::string::npos);

  c.status = "DISABLED";
  job = FileHistoryJob(c, never, At(2026, 12, 1, 2), hours(26));
  EXPECT_EQ(job.error(), "File History is turned off (DPStatus DISABLED)");
  FileHistoryState policy = never;
  policy.disabled_by_policy = true;
  c.status = "ENABLED";
  job = FileHistoryJob(c, policy, At(2026, 12, 1, 2), hours(26));
  EXPECT_EQ(job.error(), "File History is turned off by group policy");
}

TEST(EventRecordTest, RealRecordWithItsRenderedMessage) {
  auto r = ParseEventRecordXml(
      surveyor::testing::ReadFixture("windows/event_scm_7036_ec2.xml"));
  ASSERT_TRUE(r) << r.error().reason;
  EXPECT_EQ(r->provider, "Service Control Manager");
  EXPECT_EQ(r->channel, "System");
  EXPECT_EQ(r->event_id, 7036u);
  EXPECT_EQ(r->level, EventLevel::kInformation);
  EXPECT_EQ(r->time_created, Unix(2023, 5, 22, 14, 43, 53));
  EXPECT_EQ(r->message,
            "The AppX Deployment Service (AppXSVC) service entered the running "
            "state.");
}

TEST(EventRecordTest, DataStringsWithoutRenderingInfoAndRefusals) {
  auto bare = ParseEventRecordXml(
      "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>"
      "<System><Provider Name='Veeam Agent'/><EventID Qualifiers='0'>190"
      "</EventID><Level>2</Level><TimeCreated "
      "SystemTime='2026-12-05T22:41:07.5512345Z'/></System><EventData>"
      "<Data>first&#xD;&#xA;line</Data><Data/><Data>second</Data>"
      "</EventData></Event>");
  ASSERT_TRUE(bare) << bare.error().reason;
  EXPECT_EQ(bare->level, EventLevel::kError);
  EXPECT_EQ(bare->message, "first\r\nline\nsecond");

  for (const char* bad :
       {"<NotAnEvent/>", "<Event/>",
        "<Event><System><EventID>x</EventID></System></Event>",
        "<Event><System><EventID>1</EventID></System></Event>",
        "<Event><System><EventID>1</EventID><TimeCreated SystemTime='yesterday'"
        "/></System></Event>",
        "<Event><System><EventID>1</EventID><Level>999</Level></System>"
        "</Event>"}) {
    EXPECT_FALSE(ParseEventRecordXml(bad)) << bad;
  }
}

std::vector<EventRecord> VeeamRecords() {
  std::vector<EventRecord> out;
  std::istringstream lines(
      surveyor::testing::ReadFixture("windows/veeam_agent_events_written.txt"));
  std::string line;
  while (std::getline(lines, line)) {
    auto r = ParseEventRecordXml(line);
    EXPECT_TRUE(r) << line;
    if (r) out.push_back(std::move(*r));
  }
  return out;
}

TEST(VeeamAgentWindowsTest, JobNames) {
  EXPECT_EQ(VeeamAgentJobName("Veeam Agent 'Backup Job 1' finished with "
                              "Success."),
            "Backup Job 1");
  EXPECT_EQ(VeeamAgentJobName("Veeam Agent Nightly has been started by user "
                              "X\\y."),
            "Nightly");
  EXPECT_EQ(VeeamAgentJobName("Veeam Agent 'A' finished with Error and will "
                              "be retried."),
            "A");
  EXPECT_EQ(VeeamAgentJobName("Le travail 'A' s'est terminé"), "");
  EXPECT_EQ(VeeamAgentJobName("Veeam Agent finished with Success."), "");
  EXPECT_EQ(VeeamAgentJobName("Veeam Agent 'a\x1b[2Jb' finished with Success."),
            "a\\x1b[2Jb");
}

TEST(VeeamAgentWindowsTest, LastAttemptFailedAfterAWarningAndASuccess) {
  const auto records = VeeamRecords();
  ASSERT_EQ(records.size(), 7u);
  auto jobs = VeeamAgentJobs(records, At(2026, 12, 6, 12), hours(26));
  ASSERT_EQ(jobs.size(), 1u);
  const v1::BackupJob& job = jobs[0];
  EXPECT_EQ(job.product(), "Veeam Agent for Windows");
  EXPECT_EQ(job.job_id(), "Backup Job LAP-ANA");
  EXPECT_EQ(job.last_result(), v1::BACKUP_RESULT_FAILED);
  EXPECT_EQ(job.last_attempt().seconds(), Unix(2026, 12, 5, 22, 41, 7));
  EXPECT_EQ(job.error(),
            "Veeam Agent 'Backup Job LAP-ANA' finished with Failed.");
  // The warning of the 4th still completed: the last success.
  EXPECT_EQ(job.last_success().seconds(), Unix(2026, 12, 4, 22, 19, 44));
  EXPECT_EQ(job.status(), v1::BACKUP_STATUS_STALE);  // 37.7 h > 26 h.
  EXPECT_EQ(VeeamAgentJobs(records, At(2026, 12, 5, 12), hours(26))[0].status(),
            v1::BACKUP_STATUS_CURRENT);
}

TEST(VeeamAgentWindowsTest, RunningJobsPerNameAndNoRecords) {
  auto records = VeeamRecords();
  // Only the start of the 5th's run so far.
  std::vector<EventRecord> running(records.begin() + 2, records.end());
  EventRecord other = records.back();
  other.message = "Veeam Agent 'Server volumes' finished with Success.";
  other.event_id = 190;
  running.push_back(other);
  auto jobs = VeeamAgentJobs(running, At(2026, 12, 5, 22), hours(26));
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].job_id(), "Backup Job LAP-ANA");
  EXPECT_EQ(jobs[0].last_result(), v1::BACKUP_RESULT_RUNNING);
  EXPECT_EQ(jobs[0].error(), "");
  EXPECT_EQ(jobs[1].job_id(), "Server volumes");
  EXPECT_EQ(jobs[1].last_result(), v1::BACKUP_RESULT_SUCCESS);

  auto none = VeeamAgentJobs({}, At(2026, 12, 5, 22), hours(26));
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].job_id(), "Veeam Agent");
  EXPECT_EQ(none[0].status(), v1::BACKUP_STATUS_NEVER_SUCCEEDED);
  EXPECT_NE(none[0].error().find("no event 190"), std::string::npos);
}

}  // namespace
}  // namespace surveyor::collectors::backup
