// The 25-host fixture tenant (tests/fixtures/tenant) over two weeks on a
// fake clock, through the real Application and SQLite store: the digests of
// both weeks must say exactly what happened — the first is the baseline
// (every host new, every finding opened), the second has one tool new to the
// tenant, an upgrade and a removal, a host gone silent, one retired.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/textproto.h"
#include "service/app/digest_reports.h"
#include "tests/service/fixture_tenant.h"

namespace surveyor::service {
namespace {

namespace fs = std::filesystem;

const std::string kFixtures = SURVEYOR_FIXTURES;
// Tuesday 2026-11-10 10:00 UTC (week 46) and Tuesday 2026-11-17 12:00 UTC
// (week 47), the policy's time zone being UTC.
constexpr std::int64_t kWeek1 = 1794304800;
constexpr std::int64_t kWeek2 = 1794916800;

std::string Slurp(const std::string& path) {
  return FixtureTenant::Slurp(path);
}

class TwoWeeksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t_.Open("surveyor-two-weeks", kWeek1);
    app_ = &t_.app();
    tenant_ = t_.tenant();
  }
  void TearDown() override { t_.Close(); }

  v1::Snapshot Fixture(int n) { return FixtureTenant::Fixture(n); }
  void Send(v1::Snapshot s) { t_.Send(std::move(s)); }

  digest::Digest Digest(const std::string& week) {
    auto d = BuildTenantDigest(*app_, tenant_, *digest::ParseIsoWeek(week));
    EXPECT_TRUE(d) << d.error().message;
    return *d;
  }

  // Finding keys with agent ids replaced by host names.
  std::set<std::string> Keys(const std::vector<digest::FindingLine>& list) {
    std::set<std::string> out;
    for (const auto& f : list) {
      std::string key = f.key;
      for (const auto& [hostname, agent] : agents_) {
        if (auto pos = key.find(agent); pos != std::string::npos) {
          key.replace(pos, agent.size(), hostname);
        }
      }
      out.insert(key);
    }
    return out;
  }

  FixtureTenant t_;
  Application* app_ = nullptr;
  Tenant tenant_;
  std::int64_t& now_ = t_.now();
  const std::map<std::string, std::string>& agents_ = t_.agents();
};

TEST_F(TwoWeeksTest, EachWeeksDigestSaysExactlyWhatHappened) {
  // Week 46: the whole tenant reports (srv-legacy's backup collector fails
  // three snapshots in a row).
  std::vector<v1::Snapshot> fixtures;
  for (int n = 1; n <= 25; ++n) fixtures.push_back(Fixture(n));
  for (const auto& s : fixtures) {
    for (int i = 0; i < (s.host().hostname() == "srv-legacy" ? 3 : 1); ++i) {
      Send(s);
    }
  }
  // Week 46's digest, read in week 47 before anything happened: the
  // baseline.
  now_ = kWeek2;
  auto first = Digest("2026-W46");
  EXPECT_TRUE(first.baseline.is_baseline);
  EXPECT_EQ(first.hosts.in_service, 25);
  EXPECT_EQ(first.hosts.added, 25);
  EXPECT_EQ(first.hosts.reporting, 25);
  std::set<std::string> expected;
  std::istringstream lines(Slurp(kFixtures + "/tenant/expected_findings.txt"));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] != '#') expected.insert(line);
  }
  EXPECT_EQ(Keys(first.opened), expected);
  EXPECT_TRUE(first.resolved.empty());
  EXPECT_TRUE(first.new_software.empty());  // first inventories are no installs
  EXPECT_TRUE(first.product_changes.empty());
  EXPECT_EQ(first.uncatalogued.packages, 0);

  // Week 47: srv-db-1 gets xrdp, an upgraded curl and loses wget; lap-18
  // stops reporting; lap-19 is retired; everyone else reports unchanged.
  for (auto s : fixtures) {
    const std::string host = s.host().hostname();
    if (host == "lap-18") continue;
    if (host == "srv-db-1") {
      for (auto& sec : *s.mutable_sections()) {
        if (!sec.has_software()) continue;
        auto* pkgs = sec.mutable_software()->mutable_packages();
        for (int i = 0; i < pkgs->size(); ++i) {
          if (pkgs->Get(i).name() == "curl") {
            pkgs->Mutable(i)->set_version("1.0-2");
          }
          if (pkgs->Get(i).name() == "wget") {
            pkgs->DeleteSubrange(i--, 1);
          }
        }
        auto* xrdp = sec.mutable_software()->add_packages();
        *xrdp = pkgs->Get(0);
        xrdp->set_name("xrdp");
        xrdp->set_version("0.9.21.1-1");
      }
    }
    Send(s);
  }
  ASSERT_TRUE(app_->RetireHost(tenant_, agents_.at("lap-19"), true));
  ASSERT_TRUE(app_->Sweep());

  now_ = kWeek2 + 7 * 86400;
  auto second = Digest("2026-W47");
  EXPECT_FALSE(second.baseline.is_baseline);
  EXPECT_EQ(digest::FormatIsoWeek(second.baseline.week), "2026-W46");
  EXPECT_EQ(second.hosts.in_service, 24);
  EXPECT_EQ(second.hosts.retired, 1);
  EXPECT_EQ(second.hosts.added, 0);
  EXPECT_EQ(second.hosts.silent, 1);
  EXPECT_EQ(second.hosts.reporting, 23);
  ASSERT_EQ(second.silent_hosts.size(), 1u);
  EXPECT_EQ(second.silent_hosts[0].hostname, "lap-18");
  // New to the tenant: only xrdp, catalogued, on srv-db-1.
  ASSERT_EQ(second.new_software.size(), 1u);
  EXPECT_EQ(second.new_software[0].name, "xrdp");
  EXPECT_EQ(second.new_software[0].product, "xrdp");
  EXPECT_EQ(second.new_software[0].hosts, std::vector<std::string>{"srv-db-1"});
  ASSERT_EQ(second.product_changes.size(), 1u);
  EXPECT_EQ(second.product_changes[0].installed, 1);
  // curl upgraded, wget removed: two uncatalogued packages on one host.
  EXPECT_EQ(second.uncatalogued.installed, 0);
  EXPECT_EQ(second.uncatalogued.removed, 1);
  EXPECT_EQ(second.uncatalogued.upgraded, 1);
  EXPECT_EQ(second.uncatalogued.packages, 2);
  EXPECT_EQ(second.uncatalogued.hosts, 1);
  // Opened: lap-18 silent, and its last reported signatures and backup
  // have aged past the policy's limits meanwhile; xrdp is shadow IT in the
  // governed remote-access category.
  EXPECT_EQ(
      Keys(second.opened),
      (std::set<std::string>{"agent-silent:lap-18", "signatures-stale:lap-18",
                             "backup-stale:lap-18", "shadow-it:xrdp"}));
  EXPECT_EQ(Keys(second.resolved), (std::set<std::string>{}));
  // Extensions that can read every site sit with overlap and shadow IT.
  auto shadow = Keys(second.overlap_and_shadow_it);
  EXPECT_TRUE(
      shadow.contains("extension-all-sites:lap-16:uBlock0@raymondhill.net"));
  EXPECT_TRUE(shadow.contains(
      "extension-all-sites:lap-04:hdokiejnpimakedhajhdlcegeplioahd"));
  EXPECT_TRUE(shadow.contains("shadow-it:xrdp"));
  EXPECT_EQ(second.baseline.hosts_then, 25);
  EXPECT_EQ(second.baseline.hosts_now, 24);
  EXPECT_EQ(second.baseline.open_then,
            static_cast<std::int64_t>(expected.size()));
  EXPECT_EQ(second.baseline.open_now,
            static_cast<std::int64_t>(expected.size()) + 4);
  // The same numbers as the API's sources for that week.
  auto changes =
      app_->Changes(tenant_.id, second.window.start, second.window.end);
  ASSERT_TRUE(changes);
  EXPECT_EQ(changes->size(),
            3u);  // xrdp installed, curl upgraded, wget removed
}

}  // namespace
}  // namespace surveyor::service
