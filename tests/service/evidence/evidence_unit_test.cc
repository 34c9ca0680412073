// The evidence's pure parts: days and sampling, name-based UUIDs, OSCAL
// control tokens, framework references, the manifest format, CSV cells, the
// control state from sections, and one host's tests at their edges.
#include <gtest/gtest.h>

#include "common/textproto.h"
#include "common/uuid.h"
#include "service/evidence/assessment.h"
#include "service/evidence/bundle_csv.h"
#include "service/evidence/bundle_oscal.h"
#include "service/evidence/control_state.h"
#include "service/evidence/days.h"
#include "service/evidence/manifest.h"

namespace surveyor::evidence {
namespace {

TEST(EvidenceDaysTest, ParsesOnlyRealDates) {
  ASSERT_TRUE(ParseDay("2026-03-01"));
  EXPECT_EQ(FormatDay(*ParseDay("2026-03-01")), "2026-03-01");
  EXPECT_EQ(*ParseDay("1970-01-02"), 1);
  EXPECT_EQ(*ParseDay("2024-02-29") + 1, *ParseDay("2024-03-01"));
  for (const char* bad : {"2026-02-29", "2026-02-30", "2026-13-01", "2026-3-01",
                          "1969-12-31", "2026-03-01T00", "", "abcd-ef-gh"}) {
    EXPECT_FALSE(ParseDay(bad)) << bad;
  }
  EXPECT_EQ(DayOf(-1), -1);
  EXPECT_EQ(DayEnd(0), 86399);
}

TEST(EvidenceDaysTest, SamplesSpreadEvenlyAndReproducibly) {
  const auto from = *ParseDay("2026-01-01");
  const auto to = *ParseDay("2026-12-31");
  std::vector<std::string> days;
  for (auto d : SampleDays(from, to, 12)) days.push_back(FormatDay(d));
  EXPECT_EQ(days, (std::vector<std::string>{
                      "2026-01-16", "2026-02-15", "2026-03-18", "2026-04-17",
                      "2026-05-17", "2026-06-17", "2026-07-17", "2026-08-17",
                      "2026-09-16", "2026-10-16", "2026-11-16", "2026-12-16"}));
  EXPECT_EQ(SampleDays(from, from + 4, 12).size(), 5u);  // every day
  EXPECT_TRUE(SampleDays(to, from, 3).empty());
  std::vector<std::int64_t> list;
  EXPECT_FALSE(ParseDayList("2026-03-02,2026-03-01,2026-03-02", list));
  EXPECT_EQ(list, (std::vector<std::int64_t>{*ParseDay("2026-03-01"),
                                             *ParseDay("2026-03-02")}));
  EXPECT_EQ(*ParseDayList("2026-03-01,,", list),
            "'' is not a date (YYYY-MM-DD)");
}

TEST(EvidenceUuidTest, VersionFiveMatchesTheRfcAlgorithm) {
  // Python: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org').
  EXPECT_EQ(
      common::UuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org"),
      "886313e1-3b8a-5372-9b90-0c9aee199e5d");
  EXPECT_EQ(common::UuidV5(common::kUrlNamespace, "urn:x"),
            "90f709ed-492e-56da-89b5-713dabad00b9");
  EXPECT_EQ(common::UuidV5("not-a-uuid", "x"), "");
}

TEST(EvidenceOscalTest, ControlIdsAreOscalTokens) {
  EXPECT_EQ(OscalControlId(Framework::kCisV8, "11.2"), "cis-v8-11.2");
  EXPECT_EQ(OscalControlId(Framework::kHipaa, "164.308(a)(7)"),
            "hipaa-164.308.a.7");
  EXPECT_EQ(OscalControlId(Framework::kHipaa, "164.310(d)(2)(iii)"),
            "hipaa-164.310.d.2.iii");
  EXPECT_EQ(OscalControlId(Framework::kSoc2, "CC6.1"), "soc2-cc6.1");
  EXPECT_EQ(OscalControlId(Framework::kIso27001, "A.8.13"), "iso27001-a.8.13");
}

TEST(EvidenceFrameworksTest, EveryNamedControlIsAssessed) {
  auto ids = [](Framework f) {
    std::vector<std::string> out;
    for (const auto& c : Controls(f)) {
      EXPECT_FALSE(c.tests.empty()) << c.id;
      out.push_back(c.id);
    }
    return out;
  };
  EXPECT_EQ(ids(Framework::kCisV8),
            (std::vector<std::string>{"1.1", "2.1", "3.6", "4.4", "4.5", "7.3",
                                      "10.1", "11.2"}));
  EXPECT_EQ(ids(Framework::kSoc2),
            (std::vector<std::string>{"CC6.1", "CC6.8", "CC7.1", "A1.2"}));
  EXPECT_EQ(ids(Framework::kHipaa),
            (std::vector<std::string>{"164.308(a)(5)", "164.308(a)(7)",
                                      "164.310(d)(2)(iii)", "164.312(a)(2)(iv)",
                                      "164.312(b)"}));
  EXPECT_EQ(ids(Framework::kIso27001),
            (std::vector<std::string>{"A.5.9", "A.8.1", "A.8.7", "A.8.8",
                                      "A.8.13", "A.8.24"}));
  EXPECT_FALSE(ParseFramework("pci-dss"));
  EXPECT_EQ(DescribeTest(evidence::Test::kBackup, Thresholds{}),
            "last successful backup within 2 days of the end of the day");
  Thresholds week;
  week.backup_max_age_s = 7 * 86400;
  EXPECT_EQ(DescribeTest(evidence::Test::kBackup, week),
            "last successful backup within 7 days of the end of the day");
}

TEST(EvidenceFrameworksTest, FindingReferencesMapToControls) {
  const auto hipaa = Controls(Framework::kHipaa);
  EXPECT_TRUE(ReferenceBearsOn(Framework::kHipaa, hipaa[0], "HIPAA",
                               "164.308(a)(5)(ii)(B)"));
  EXPECT_FALSE(ReferenceBearsOn(Framework::kHipaa, hipaa[0], "HIPAA",
                                "164.308(a)(7)(ii)(A)"));
  EXPECT_FALSE(
      ReferenceBearsOn(Framework::kHipaa, hipaa[0], "SOC 2", "164.308(a)(5)"));
  const auto cis = Controls(Framework::kCisV8);
  EXPECT_TRUE(ReferenceBearsOn(Framework::kCisV8, cis[3], "CIS Controls v8",
                               "4.5"));  // 4.4 and 4.5 go together
  EXPECT_FALSE(
      ReferenceBearsOn(Framework::kCisV8, cis[7], "CIS Controls v8", "11.20"));
}

TEST(EvidenceManifestTest, SortedTagFormatRoundTrips) {
  const std::string a(64, 'a'), b(64, 'b');
  const std::string text = ManifestText({{"z.csv", a}, {"index.html", b}});
  EXPECT_EQ(text,
            "SHA256 (index.html) = " + b + "\nSHA256 (z.csv) = " + a + "\n");
  auto parsed = ParseManifest(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[1], (std::pair<std::string, std::string>{"z.csv", a}));
}

TEST(EvidenceManifestTest, MalformedLinesNameTheLine) {
  const std::string a(64, 'a');
  auto err = [](const std::string& text) {
    auto r = ParseManifest(text);
    return r ? std::string() : r.error().message;
  };
  EXPECT_NE(err("SHA256 (x) = " + a).find("line 1: no newline"),
            std::string::npos);
  EXPECT_NE(err("SHA256 (x) = " + a + "\nMD5 (y) = " + a + "\n")
                .find("line 2: not 'SHA256 (path) = digest'"),
            std::string::npos);
  EXPECT_NE(err("SHA256 (x) = " + std::string(64, 'A') + "\n").find("hex"),
            std::string::npos);
  EXPECT_NE(
      err("SHA256 (x) = " + a + "\nSHA256 (x) = " + a + "\n").find("twice"),
      std::string::npos);
  EXPECT_NE(err("SHA256 (a\\b) = " + a + "\n").find("bad path"),
            std::string::npos);
  EXPECT_NE(err("SHA256 (\x1b[2J) = zz\n").find("\\x1b"), std::string::npos);
}

TEST(EvidenceCsvTest, CellsAreQuotedAndNeverFormulas) {
  EXPECT_EQ(CsvRecord({"a", "b,c", "say \"hi\"", "-3", "=HYPERLINK(1)", "@SUM",
                       "+1x", "line\nbreak"}),
            "a,\"b,c\",\"say \"\"hi\"\"\",-3,'=HYPERLINK(1),'@SUM,'+1x,"
            "line\\x0abreak\r\n");
}

TEST(EvidenceControlStateTest, TakesWhatTheSectionsSay) {
  v1::Section protection, backup;
  ASSERT_TRUE(common::ParseTextProto(
      R"pb(collector: "protection"
           protection {
             products {
               vendor: "Cisco Talos"
               product: "ClamAV"
               present: true
               running: TRI_STATE_YES
               signature_time { seconds: 1000 }
             }
             products { product: "Old" present: false }
             products {
               product: "Off"
               present: true
               realtime_protection: TRI_STATE_NO
             }
             disk_encryption { encrypted: TRI_STATE_YES }
             firewall { enabled: TRI_STATE_NO }
           })pb",
      "protection", protection));
  ASSERT_TRUE(common::ParseTextProto(
      R"pb(collector: "backup"
           backup {
             jobs {
               product: "restic"
               last_success { seconds: 500 }
             }
             jobs {
               product: "borg"
               last_success { seconds: 700 }
             }
             jobs { product: "never" }
           })pb",
      "backup", backup));
  auto s = ControlStateOf(protection, backup, true);
  EXPECT_TRUE(s.protection_reported());
  ASSERT_EQ(s.anti_malware_size(), 2);
  EXPECT_EQ(s.anti_malware(0).product(), "Cisco Talos ClamAV");
  EXPECT_TRUE(s.anti_malware(0).active());
  EXPECT_FALSE(s.anti_malware(1).active());
  EXPECT_EQ(s.disk_encrypted(), v1::TRI_STATE_YES);
  EXPECT_EQ(s.firewall_enabled(), v1::TRI_STATE_NO);
  EXPECT_EQ(s.auto_updates(), v1::TRI_STATE_UNKNOWN);
  EXPECT_EQ(s.backup_jobs(), 3u);
  EXPECT_EQ(s.backup_last_success().seconds(), 700);
  EXPECT_TRUE(s.software_reported());
  auto none = ControlStateOf(std::nullopt, std::nullopt, false);
  EXPECT_FALSE(none.protection_reported());
  EXPECT_FALSE(none.backup_reported());
}

class EvaluateHostTest : public ::testing::Test {
 protected:
  const std::int64_t day = *ParseDay("2026-03-10");
  HostRecord host{1, "a1", "pc-1", "Debian", DayStart(day) - 86400, 0};
  DayRecords rec{day, {}, {}};
  Thresholds th;
  TestResult Run(evidence::Test t) {
    return EvaluateHost(host, day, rec, th).tests[static_cast<int>(t)];
  }
};

TEST_F(EvaluateHostTest, NoReportIsNoRecordNotAFailure) {
  EXPECT_EQ(Run(evidence::Test::kBackup).outcome, Outcome::kNoRecord);
  EXPECT_EQ(Run(evidence::Test::kAssetInventory).outcome, Outcome::kNoRecord);
}

TEST_F(EvaluateHostTest, UnknownStatesFailAsNotEvidenced) {
  rec.reports[1] = {day, DayStart(day) + 3600, 0};
  StateAt s;
  s.state.set_protection_reported(true);
  rec.states[1] = s;
  EXPECT_EQ(Run(evidence::Test::kDiskEncryption).outcome, Outcome::kFail);
  EXPECT_EQ(Run(evidence::Test::kDiskEncryption).detail,
            "disk encryption not determined by the agent");
  EXPECT_EQ(Run(evidence::Test::kAntiMalware).detail,
            "no anti-malware product found");
  EXPECT_EQ(Run(evidence::Test::kBackup).detail,
            "no backup report from the agent");
  EXPECT_EQ(Run(evidence::Test::kAgentReporting).outcome, Outcome::kPass);
}

TEST_F(EvaluateHostTest, AgesAreMeasuredAtTheEndOfTheDayOnTheServersClock) {
  StateAt s;
  s.state.set_backup_reported(true);
  s.state.set_backup_jobs(1);
  // 47 h 59 min before the day's end by the server's clock.
  const std::int64_t success = DayEnd(day) - 48 * 3600 + 60;
  s.state.mutable_backup_last_success()->set_seconds(success);
  rec.states[1] = s;
  rec.reports[1] = {day, DayStart(day), 0};
  EXPECT_EQ(Run(evidence::Test::kBackup).outcome, Outcome::kPass);
  // Within the tolerance a skew is delay, not a wrong clock.
  rec.reports[1].skew_s = -kSkewToleranceS;
  EXPECT_EQ(Run(evidence::Test::kBackup).outcome, Outcome::kPass);
  // An agent clock an hour fast: its backup was really an hour earlier.
  rec.reports[1].skew_s = -3600;
  EXPECT_EQ(Run(evidence::Test::kBackup).outcome, Outcome::kFail);
}

TEST_F(EvaluateHostTest, AProductReportingAProblemIsNotProtection) {
  StateAt s;
  s.state.set_protection_reported(true);
  auto* clam = s.state.add_anti_malware();
  clam->set_product("Cisco Talos ClamAV");
  clam->set_active(true);
  clam->add_issues("no signature databases in /var/lib/clamav");
  rec.states[1] = s;
  rec.reports[1] = {day, DayStart(day), 0};
  EXPECT_EQ(Run(evidence::Test::kAntiMalware).outcome, Outcome::kFail);
  EXPECT_EQ(Run(evidence::Test::kAntiMalware).detail,
            "Cisco Talos ClamAV: no signature databases in /var/lib/clamav");
}

TEST_F(EvaluateHostTest, SilentHostsCarryTheirLastStateAndAgeIt) {
  StateAt s;
  s.state.set_software_reported(true);
  rec.states[1] = s;
  rec.reports[1] = {day - 8, DayStart(day - 8), 0};
  auto hd = EvaluateHost(host, day, rec, th);
  EXPECT_EQ(hd.carried_days, 8);
  EXPECT_EQ(hd.tests[static_cast<int>(evidence::Test::kAgentReporting)].outcome,
            Outcome::kFail);  // 7 days by default
  EXPECT_EQ(
      hd.tests[static_cast<int>(evidence::Test::kSoftwareInventory)].outcome,
      Outcome::kPass);  // 30 days
}

TEST_F(EvaluateHostTest, PopulationBoundaries) {
  host.enrolled_at = DayEnd(day);
  EXPECT_TRUE(InPopulation(host, day));
  host.enrolled_at = DayEnd(day) + 1;
  EXPECT_FALSE(InPopulation(host, day));
  host.enrolled_at = 0;
  host.retired_at = DayStart(day) + 1;
  EXPECT_TRUE(InPopulation(host, day));  // retired during the day
  host.retired_at = DayStart(day);
  EXPECT_FALSE(InPopulation(host, day));
}

}  // namespace
}  // namespace surveyor::evidence
