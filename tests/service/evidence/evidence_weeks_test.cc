// The 25-host fixture tenant over four weeks on a fake clock, through the
// real Application and SQLite store, every host reporting daily at 10:00
// UTC except as follows:
//   - srv-db-1's backups stop succeeding after 2026-10-10 (goes stale);
//   - lap-12 turns disk encryption on from 2026-10-15;
//   - lap-18 reports for the last time on 2026-10-12 (silent: its state is
//     carried, aging);
//   - lap-19 is retired on 2026-10-20 at 12:00;
//   - lap-17 joins on 2026-10-14 (mid-period);
//   - srv-web-1's agent clock runs three days slow (its times are corrected
//     by the measured skew).
// The evidence must give the exact pass/fail per control and sampled day.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "service/app/evidence_export.h"
#include "service/evidence/days.h"
#include "service/evidence/evidence_key.h"
#include "service/evidence/zip_archive.h"
#include "tests/agent/run_process.h"
#include "tests/fakes/fake_timestamp_authority.h"
#include "tests/service/fixture_tenant.h"

namespace surveyor::service {
namespace {

namespace ev = evidence;
namespace fs = std::filesystem;

std::int64_t At(const char* day, int hour) {
  return ev::DayStart(*ev::ParseDay(day)) + hour * 3600;
}

class EvidenceWeeksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t_.Open("surveyor-evidence-weeks", At("2026-10-05", 10));
    for (int n = 1; n <= 25; ++n)
      fixtures_.push_back(FixtureTenant::Fixture(n));
    for (std::int64_t day = *ev::ParseDay("2026-10-05");
         day <= *ev::ParseDay("2026-11-01"); ++day) {
      t_.now() = ev::DayStart(day) + 10 * 3600;
      const std::string date = ev::FormatDay(day);
      for (v1::Snapshot s : fixtures_) {
        const std::string host = s.host().hostname();
        if (host == "lap-18" && date > "2026-10-12") continue;
        if (host == "lap-19" && date > "2026-10-20") continue;
        if (host == "lap-17" && date < "2026-10-14") continue;
        Adjust(s, host, date);
        t_.Send(std::move(s));
      }
      if (date == "2026-10-20") {
        t_.now() = ev::DayStart(day) + 12 * 3600;
        ASSERT_TRUE(
            t_.app().RetireHost(t_.tenant(), t_.agents().at("lap-19"), true));
      }
    }
    t_.now() = At("2026-11-05", 9);
  }
  void TearDown() override { t_.Close(); }

  void Adjust(v1::Snapshot& s, const std::string& host,
              const std::string& date) {
    const std::int64_t now = t_.now();
    for (auto& sec : *s.mutable_sections()) {
      if (host == "srv-db-1" && sec.has_backup() && date > "2026-10-10") {
        auto* job = sec.mutable_backup()->mutable_jobs(0);
        job->mutable_last_success()->set_seconds(At("2026-10-10", 8));
      }
      if (host == "lap-12" && sec.has_protection() && date >= "2026-10-15") {
        sec.mutable_protection()->mutable_disk_encryption()->set_encrypted(
            v1::TRI_STATE_YES);
      }
    }
    if (host == "srv-web-1") {
      // Three days slow: every time it reports is three days early.
      constexpr std::int64_t kSlow = 3 * 86400;
      s.mutable_collected_at()->set_seconds(now - kSlow);
      for (auto& sec : *s.mutable_sections()) {
        if (sec.has_backup()) {
          auto* t =
              sec.mutable_backup()->mutable_jobs(0)->mutable_last_success();
          t->set_seconds(now + t->seconds() - kSlow);
        }
        if (sec.has_protection()) {
          auto* t = sec.mutable_protection()
                        ->mutable_products(0)
                        ->mutable_signature_time();
          t->set_seconds(now + t->seconds() - kSlow);
        }
      }
    } else {
      s.mutable_collected_at()->set_seconds(now);
    }
  }

  ev::BundleModel Build(const std::string& framework, const std::string& days,
                        const std::string& from = "2026-10-05",
                        const std::string& to = "2026-11-01") {
    auto req = ParseEvidenceRequest(framework, from, to, days, "");
    EXPECT_TRUE(req) << req.error().message;
    auto m = BuildEvidence(t_.app(), t_.tenant(), *req);
    EXPECT_TRUE(m) << m.error().message;
    return std::move(*m);
  }

  // Control id -> day -> host names that did not pass.
  using Failures =
      std::map<std::string, std::map<std::string, std::set<std::string>>>;
  static Failures FailuresOf(const ev::BundleModel& m) {
    Failures out;
    for (const auto& c : m.assessment.controls) {
      for (const auto& d : c.days) {
        auto& set = out[c.control.id][ev::FormatDay(d.day)];
        for (const auto& [id, why] : d.exceptions) {
          set.insert(ev::FindHost(m, id)->hostname);
        }
      }
    }
    return out;
  }

  FixtureTenant t_;
  std::vector<v1::Snapshot> fixtures_;
};

const char* kDays = "2026-10-06,2026-10-13,2026-10-16,2026-10-21";

TEST_F(EvidenceWeeksTest, CisPassFailPerControlAndSampledDay) {
  auto m = Build("cis-v8", kDays);
  const auto& a = m.assessment;
  ASSERT_EQ(a.evaluated.size(), 4u);
  EXPECT_TRUE(a.missing.empty());
  // Population per day: lap-17 joins on the 14th, lap-19 leaves on the
  // 20th; silent lap-18 stays in.
  EXPECT_EQ(a.host_days[0].size(), 24u);
  EXPECT_EQ(a.host_days[1].size(), 24u);
  EXPECT_EQ(a.host_days[2].size(), 25u);
  EXPECT_EQ(a.host_days[3].size(), 24u);
  EXPECT_EQ(a.population.size(), 25u);

  using S = std::set<std::string>;
  const S backup_base = {"srv-web-2", "srv-db-2", "lap-15"};
  S backup_13 = backup_base;
  backup_13.insert({"srv-db-1", "lap-18"});
  const S malware_base = {"lap-13", "lap-14", "srv-files-1"};
  S malware_16 = malware_base;
  malware_16.insert("lap-18");
  Failures expected = {
      {"1.1",
       {{"2026-10-06", {}},
        {"2026-10-13", {}},
        {"2026-10-16", {}},
        {"2026-10-21", {}}}},
      {"2.1",
       {{"2026-10-06", {}},
        {"2026-10-13", {}},
        {"2026-10-16", {}},
        {"2026-10-21", {}}}},
      {"3.6",
       {{"2026-10-06", {"lap-12", "srv-legacy"}},
        {"2026-10-13", {"lap-12", "srv-legacy"}},
        {"2026-10-16", {"srv-legacy"}},
        {"2026-10-21", {"srv-legacy"}}}},
      {"4.4",
       {{"2026-10-06", {"srv-legacy"}},
        {"2026-10-13", {"srv-legacy"}},
        {"2026-10-16", {"srv-legacy"}},
        {"2026-10-21", {"srv-legacy"}}}},
      {"4.5",
       {{"2026-10-06", {"srv-legacy"}},
        {"2026-10-13", {"srv-legacy"}},
        {"2026-10-16", {"srv-legacy"}},
        {"2026-10-21", {"srv-legacy"}}}},
      {"7.3",
       {{"2026-10-06", {"srv-files-1"}},
        {"2026-10-13", {"srv-files-1"}},
        {"2026-10-16", {"srv-files-1"}},
        {"2026-10-21", {"srv-files-1"}}}},
      {"10.1",
       {{"2026-10-06", malware_base},
        {"2026-10-13", malware_base},
        {"2026-10-16", malware_16},
        {"2026-10-21", malware_16}}},
      {"11.2",
       {{"2026-10-06", backup_base},
        {"2026-10-13", backup_13},
        {"2026-10-16", backup_13},
        {"2026-10-21", backup_13}}},
  };
  EXPECT_EQ(FailuresOf(m), expected);
  for (const auto& c : a.controls) {
    const bool clean = c.control.id == "1.1" || c.control.id == "2.1";
    EXPECT_EQ(c.satisfied, clean) << c.control.id;
  }
}

TEST_F(EvidenceWeeksTest, CarriedStateIsMarkedWithItsAgeAndSkewIsCorrected) {
  auto m = Build("hipaa", kDays);
  const auto& a = m.assessment;
  auto host_day = [&](std::size_t d, const std::string& name) {
    for (const auto& hd : a.host_days[d]) {
      if (ev::FindHost(m, hd.host_id)->hostname == name) return hd;
    }
    ADD_FAILURE() << name << " not in the population";
    return ev::HostDay{};
  };
  // lap-18 last reported on the 12th.
  EXPECT_EQ(host_day(1, "lap-18").carried_days, 1);
  EXPECT_EQ(host_day(2, "lap-18").carried_days, 4);
  EXPECT_EQ(host_day(3, "lap-18").carried_days, 9);
  EXPECT_EQ(host_day(0, "srv-web-1").carried_days, 0);
  // srv-web-1's clock is three days slow, measured and corrected: its
  // backup (half a day old by its own account) passes.
  const auto web1 = host_day(1, "srv-web-1");
  ASSERT_TRUE(web1.report);
  EXPECT_EQ(web1.report->skew_s, 3 * 86400);
  EXPECT_EQ(web1.tests[static_cast<int>(ev::Test::kBackup)].outcome,
            ev::Outcome::kPass);
  // Audit controls: silent for nine days on the 21st, over the policy's 7.
  auto f = FailuresOf(m);
  EXPECT_EQ(f["164.312(b)"]["2026-10-16"], std::set<std::string>{});
  EXPECT_EQ(f["164.312(b)"]["2026-10-21"], std::set<std::string>{"lap-18"});
  EXPECT_EQ(f["164.312(a)(2)(iv)"]["2026-10-16"],
            std::set<std::string>{"srv-legacy"});
}

TEST_F(EvidenceWeeksTest, FindingsHistoryShowsWhenFailuresWereFoundAndFixed) {
  auto m = Build("cis-v8", kDays);
  const ev::FindingRecord* disk = nullptr;
  for (const auto& f : m.findings) {
    if (f.key == "disk-not-encrypted:" + t_.agents().at("lap-12")) disk = &f;
  }
  ASSERT_NE(disk, nullptr);
  EXPECT_EQ(disk->opened, At("2026-10-05", 10));
  EXPECT_EQ(disk->resolved, At("2026-10-15", 10));
  EXPECT_EQ(disk->controls, std::vector<std::string>{"3.6"});
}

TEST_F(EvidenceWeeksTest, DaysOutsideTheKeptHistoryAreListedNotInvented) {
  // Keep 26 days: the cutoff is 2026-10-10 09:00.
  auto pruned = t_.app().PruneHistory(26);
  ASSERT_TRUE(pruned) << pruned.error().message;
  EXPECT_GT(pruned->rows.evidence, 0);
  auto m = Build("cis-v8", "2026-10-06,2026-10-13");
  ASSERT_EQ(m.assessment.missing.size(), 1u);
  EXPECT_EQ(ev::FormatDay(m.assessment.missing[0].first), "2026-10-06");
  EXPECT_NE(m.assessment.missing[0].second.find("2026-10-10"),
            std::string::npos);
  // The 13th still answers exactly as before pruning.
  auto f = FailuresOf(m);
  EXPECT_EQ(f["3.6"]["2026-10-13"],
            (std::set<std::string>{"lap-12", "srv-legacy"}));
  EXPECT_EQ(f["11.2"]["2026-10-13"],
            (std::set<std::string>{"srv-web-2", "srv-db-2", "lap-15",
                                   "srv-db-1", "lap-18"}));
  // Only days that cannot be answered: an error saying which and why.
  auto req = ParseEvidenceRequest("cis-v8", "2026-10-01", "2026-10-08", "", "");
  ASSERT_TRUE(req);
  auto none = BuildEvidence(t_.app(), t_.tenant(), *req);
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("outside the kept history"),
            std::string::npos);
}

TEST_F(EvidenceWeeksTest, FutureDaysAndTodayAreNotEvaluated) {
  auto m = Build("soc2", "", "2026-10-25", "2026-11-30");
  for (std::int64_t d : m.assessment.evaluated) {
    EXPECT_LT(ev::FormatDay(d), "2026-11-05");
  }
  auto explicit_days = Build("soc2", "2026-11-04,2026-11-05,2026-11-06",
                             "2026-11-01", "2026-11-30");
  ASSERT_EQ(explicit_days.assessment.evaluated.size(), 1u);
  ASSERT_EQ(explicit_days.assessment.missing.size(), 2u);
  EXPECT_EQ(explicit_days.assessment.missing[0].second, "not over yet (UTC)");
  EXPECT_EQ(explicit_days.assessment.missing[1].second, "in the future");
}

std::string Read(const fs::path& p) { return testing::Slurp(p.string()); }

TEST_F(EvidenceWeeksTest, SignedBundleIsReproducibleAndChecksWithStockTools) {
  const fs::path dir = t_.dir() / "bundles";
  fs::create_directories(dir);
  auto key =
      ev::LoadOrCreateEvidenceKey((dir / "keys" / "evidence.key").string());
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(
      fs::status(dir / "keys" / "evidence.key").permissions() & fs::perms::all,
      fs::perms::owner_read | fs::perms::owner_write);
  auto req =
      ParseEvidenceRequest("cis-v8", "2026-10-05", "2026-11-01", kDays, "");
  ASSERT_TRUE(req);
  std::vector<std::string> steps;
  auto a = WriteEvidenceBundle(
      t_.app(), t_.tenant(), *req, *key, (dir / "a.zip").string(), nullptr,
      [&](const std::string& s) { steps.push_back(s); });
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_GE(steps.size(), 3u);
  // The same period again, later: the same bytes.
  t_.now() += 86400;
  auto b = WriteEvidenceBundle(t_.app(), t_.tenant(), *req, *key,
                               (dir / "b.zip").string());
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(Read(dir / "a.zip"), Read(dir / "b.zip"));

  auto ok = VerifyEvidenceBundle((dir / "a.zip").string(), key->public_raw);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_TRUE(ok->ok);
  EXPECT_EQ(ok->files, 7);
  // Another key is refused.
  auto other = common::NewIdentityKey();
  auto wrong =
      VerifyEvidenceBundle((dir / "a.zip").string(), other->public_raw);
  ASSERT_TRUE(wrong);
  EXPECT_FALSE(wrong->ok);

  // Stock tools: unzip, sha256sum -c, openssl pkeyutl -verify -rawin.
  const fs::path x = dir / "x";
  auto unzip = testing::RunProcess(
      {"/usr/bin/unzip", "-q", (dir / "a.zip").string(), "-d", x.string()});
  ASSERT_EQ(unzip.exit_code, 0) << unzip.err;
  auto sums = testing::RunProcess({"/usr/bin/env", "-C", x.string(),
                                   "/usr/bin/sha256sum", "--strict", "-c",
                                   "MANIFEST.sha256"});
  EXPECT_EQ(sums.exit_code, 0) << sums.out << sums.err;
  EXPECT_NE(sums.out.find("csv/software.csv: OK"), std::string::npos);
  auto pem = common::PublicKeyPem(key->public_raw);
  std::ofstream(dir / "published.pem") << *pem;
  const std::vector<std::string> openssl = {
      "/usr/bin/openssl",
      "pkeyutl",
      "-verify",
      "-pubin",
      "-inkey",
      (dir / "published.pem").string(),
      "-rawin",
      "-in",
      (x / "MANIFEST.sha256").string(),
      "-sigfile",
      (x / "MANIFEST.sha256.sig").string()};
  auto verified = testing::RunProcess(openssl);
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("Signature Verified Successfully"),
            std::string::npos);
  EXPECT_EQ(Read(x / "evidence-public-key.pem"), *pem);

  // The CSVs say what the assessment said.
  const std::string state = Read(x / "csv" / "control_state.csv");
  EXPECT_NE(state.find("2026-10-21,"), std::string::npos);
  EXPECT_NE(state.find(",lap-18,2026-10-12,9,"), std::string::npos);
  const std::string assets = Read(x / "csv" / "assets.csv");
  EXPECT_NE(assets.find("lap-19"), std::string::npos);
  EXPECT_NE(assets.find(",retired\r\n"), std::string::npos);
  EXPECT_NE(assets.find(",silent\r\n"), std::string::npos);
  const std::string software = Read(x / "csv" / "software.csv");
  EXPECT_NE(software.find(",dpkg,anydesk,6.3.0,amd64,AnyDesk Software,"),
            std::string::npos)
      << software.substr(0, 400);

  // The OSCAL results validate against the official 1.0.6 schema.
  const std::string src = SURVEYOR_SOURCE_DIR;
  auto ajv = testing::RunProcess(
      {src + "/build/npm/node_modules/.bin/ajv", "validate", "--spec=draft7",
       "-c", src + "/build/npm/node_modules/ajv-formats", "--strict=false",
       "-s", src + "/tests/fixtures/oscal/oscal_assessment-results_schema.json",
       "-d", (x / "oscal" / "assessment-results.json").string()});
  EXPECT_EQ(ajv.exit_code, 0)
      << "ajv (install/setup.sh installs it into build/npm): " << ajv.out
      << ajv.err;

  // index.html renders in headless Chromium (screenshot kept).
  const fs::path shots = fs::path(SURVEYOR_BINARY_DIR) / "artifacts";
  fs::create_directories(shots);
  const fs::path png = shots / "evidence-index.png";
  fs::remove(png);
  auto shot = testing::RunProcess(
      {"/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
       "--hide-scrollbars", "--window-size=1280,2400",
       "--screenshot=" + png.string(),
       "file://" + (x / "index.html").string()});
  ASSERT_TRUE(fs::exists(png)) << shot.err;
  auto looked = testing::RunProcess(
      {"/usr/bin/python3", src + "/tests/png_check.py", png.string()});
  EXPECT_EQ(looked.exit_code, 0) << looked.out << looked.err;
  auto dom = testing::RunProcess({"/usr/bin/chromium", "--headless",
                                  "--no-sandbox", "--disable-gpu", "--dump-dom",
                                  "file://" + (x / "index.html").string()});
  EXPECT_NE(dom.out.find("id=\"control-cis-v8-11.2\""), std::string::npos);
  EXPECT_EQ(dom.out.find("<script"), std::string::npos);

  // One flipped byte in the manifest: sha256sum -c and the signature fail.
  std::string manifest = Read(x / "MANIFEST.sha256");
  // Another hex digit (a non-hex one would be a malformed line, which
  // sha256sum -c skips with a warning unless --strict).
  char& digit = manifest[manifest.find(") = ") + 4];
  digit = digit == '0' ? '1' : '0';
  std::ofstream(x / "MANIFEST.sha256", std::ios::binary | std::ios::trunc)
      << manifest;
  EXPECT_NE(testing::RunProcess({"/usr/bin/env", "-C", x.string(),
                                 "/usr/bin/sha256sum", "--strict", "-c",
                                 "MANIFEST.sha256"})
                .exit_code,
            0);
  EXPECT_NE(testing::RunProcess(openssl).exit_code, 0);

  // One flipped byte in any file of the bundle, or in the manifest: evidence
  // verify fails, naming it.
  ev::ZipReader reader = *ev::ZipReader::Open((dir / "a.zip").string());
  for (const std::string& name : reader.names()) {
    std::vector<ev::ZipEntry> entries;
    for (const std::string& n : reader.names()) {
      entries.push_back({n, *reader.Read(n, 1u << 30), ""});
      if (n == name)
        entries.back().content[entries.back().content.size() / 2] ^= 1;
    }
    const std::string bad = (dir / "tampered.zip").string();
    ASSERT_TRUE(ev::WriteZip(bad, entries, 0));
    auto r = VerifyEvidenceBundle(bad, key->public_raw);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_FALSE(r->ok) << name;
    ASSERT_FALSE(r->problems.empty()) << name;
    // The first problem names what was changed (the signature covers the
    // manifest, so a changed manifest or signature fails there first).
    const bool signed_part =
        name == "MANIFEST.sha256" || name == "MANIFEST.sha256.sig";
    EXPECT_NE(r->problems.front().find(signed_part ? "signature" : name),
              std::string::npos)
        << r->problems.front();
  }
  // An unlisted file added: refused.
  {
    std::vector<ev::ZipEntry> entries;
    for (const std::string& n : reader.names()) {
      entries.push_back({n, *reader.Read(n, 1u << 30), ""});
    }
    entries.push_back({"csv/extra.csv", "a,b\r\n", ""});
    ASSERT_TRUE(ev::WriteZip((dir / "extra.zip").string(), entries, 0));
    auto r = VerifyEvidenceBundle((dir / "extra.zip").string(), std::nullopt);
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->ok);
    EXPECT_NE(r->problems.back().find("csv/extra.csv: not in the manifest"),
              std::string::npos);
  }
  // A flipped byte in the zip itself: an error or a failed check, never OK.
  std::string raw = Read(dir / "a.zip");
  raw[raw.size() / 3] ^= 0x20;
  std::ofstream(dir / "flipped.zip", std::ios::binary) << raw;
  auto flipped =
      VerifyEvidenceBundle((dir / "flipped.zip").string(), key->public_raw);
  EXPECT_TRUE(!flipped || !flipped->ok);
}

TEST_F(EvidenceWeeksTest, AnAuthoritysBadReplyFailsTheExportAndWritesNothing) {
  auto key = common::NewIdentityKey();
  auto req = ParseEvidenceRequest("soc2", "2026-10-05", "2026-11-01", "", "");
  const fs::path out = t_.dir() / "stamped.zip";
  testing::FakeTimestampAuthority garbage(std::string("not DER"));
  auto r = WriteEvidenceBundle(t_.app(), t_.tenant(), *req, *key, out.string(),
                               &garbage);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("http://tsa.fake/: not an RFC 3161"),
            std::string::npos)
      << r.error().message;
  ASSERT_EQ(garbage.requests.size(), 1u);
  EXPECT_FALSE(fs::exists(out));
  testing::FakeTimestampAuthority down(
      common::Fail(common::ErrorCode::kIo,
                   "time-stamping authority http://tsa.fake/: "
                   "connection refused"));
  r = WriteEvidenceBundle(t_.app(), t_.tenant(), *req, *key, out.string(),
                          &down);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("connection refused"), std::string::npos);
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(EvidenceWeeksTest, TenantWithoutHostsGetsAnHonestEmptyBundle) {
  ASSERT_TRUE(t_.app().accounts().AddTenant("empty", t_.now()));
  auto empty = t_.app().RequireTenant("empty");
  ASSERT_TRUE(empty);
  auto req =
      ParseEvidenceRequest("iso27001", "2026-10-05", "2026-11-01", "", "");
  auto m = BuildEvidence(t_.app(), *empty, *req);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_TRUE(m->assessment.population.empty());
  EXPECT_EQ(m->assessment.evaluated.size(), 12u);
  for (const auto& c : m->assessment.controls) EXPECT_FALSE(c.satisfied);
}

TEST(EvidenceRequestTest, BadRequestsSayWhatIsWrong) {
  auto msg = [](const std::string& fw, const std::string& from,
                const std::string& to, const std::string& days,
                const std::string& n) {
    auto r = ParseEvidenceRequest(fw, from, to, days, n);
    return r ? std::string() : r.error().message;
  };
  EXPECT_NE(msg("pci", "2026-01-01", "2026-02-01", "", "")
                .find("unknown framework 'pci'"),
            std::string::npos);
  EXPECT_NE(msg("soc2", "2026-02-30", "2026-03-01", "", "").find("--from"),
            std::string::npos);
  EXPECT_NE(msg("soc2", "2026-03-01", "2026-02-01", "", "").find("before"),
            std::string::npos);
  EXPECT_NE(msg("soc2", "2026-03-01", "2026-03-31", "2026-04-02", "")
                .find("outside the period"),
            std::string::npos);
  EXPECT_NE(msg("soc2", "2026-03-01", "2026-03-31", "2026-03-02", "3")
                .find("not both"),
            std::string::npos);
  EXPECT_NE(msg("soc2", "2026-03-01", "2026-03-31", "", "0").find("1 to 366"),
            std::string::npos);
  EXPECT_EQ(msg("iso27001", "2026-03-01", "2026-03-31", "2026-03-02", ""), "");
}

}  // namespace
}  // namespace surveyor::service
