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
#include "tests/service/server_harness.h"

namespace surveyor::service {
namespace {

namespace fs = std::filesystem;

const std::string kFixtures = SURVEYOR_FIXTURES;
// Tuesday 2026-11-10 10:00 UTC (week 46) and Tuesday 2026-11-17 12:00 UTC
// (week 47), the policy's time zone being UTC.
constexpr std::int64_t kWeek1 = 1794304800;
constexpr std::int64_t kWeek2 = 1794916800;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Rebase(google::protobuf::Timestamp* t, std::int64_t now) {
  if (t->seconds() <= 0) t->set_seconds(now + t->seconds());
}

class TwoWeeksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("surveyor-two-weeks-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    auto opened = TestServer::Open(dir_.string());
    ASSERT_TRUE(opened) << opened.error().message;
    server_ = std::move(*opened);
    catalog_ = std::make_unique<findings::Catalog>(
        std::move(*findings::Catalog::Builtin()));
    now_ = kWeek1;
    secret_ = *server_->AddTenant("acme", now_);
    app_ = std::make_unique<Application>(server_->raw(), catalog_.get(),
                                         [this] { return now_; });
    tenant_ = *app_->RequireTenant("acme");
    ASSERT_TRUE(app_->SetPolicy(tenant_.id,
                                Slurp(kFixtures + "/tenant/policy.textproto"),
                                "policy.textproto"));
  }
  void TearDown() override {
    app_.reset();
    server_.reset();
    fs::remove_all(dir_);
  }

  v1::Snapshot Fixture(int n) {
    char name[32];
    std::snprintf(name, sizeof(name), "/tenant/host-%02d.textproto", n);
    v1::Snapshot s;
    auto parsed = common::ParseTextProto(Slurp(kFixtures + name), name, s);
    EXPECT_TRUE(parsed) << parsed.error().message;
    return s;
  }

  // Sends `s` as the next snapshot of its machine (enrolling it first).
  void Send(v1::Snapshot s) {
    const std::string machine = s.host().machine_id();
    if (!keys_.contains(machine)) {
      v1::EnrollRequest req;
      req.set_enroll_secret(secret_);
      *req.mutable_host() = s.host();
      auto r = server_->Enroll(req, now_);
      ASSERT_TRUE(r) << r.error().message;
      keys_[machine] = r->node_key();
      agents_[s.host().hostname()] = r->agent_id();
    }
    for (auto& sec : *s.mutable_sections()) {
      if (sec.has_protection()) {
        for (auto& p : *sec.mutable_protection()->mutable_products()) {
          Rebase(p.mutable_signature_time(), now_);
        }
      }
      if (sec.has_backup()) {
        for (auto& j : *sec.mutable_backup()->mutable_jobs()) {
          if (j.has_last_success()) Rebase(j.mutable_last_success(), now_);
        }
      }
    }
    s.set_sequence(++sequence_[machine]);
    s.set_agent_id(agents_[s.host().hostname()]);
    auto host = server_->AuthenticateNode(keys_[machine]);
    ASSERT_TRUE(host);
    const std::string body = s.SerializeAsString();
    auto r = app_->Submit(*host, s, body.size(), common::Sha256(body));
    ASSERT_TRUE(r) << r.error().message;
  }

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

  fs::path dir_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<findings::Catalog> catalog_;
  std::unique_ptr<Application> app_;
  Tenant tenant_;
  std::string secret_;
  std::int64_t now_ = 0;
  std::map<std::string, std::string> keys_, agents_;
  std::map<std::string, std::uint64_t> sequence_;
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
  ASSERT_TRUE(app_->RetireHost(tenant_, agents_["lap-19"], true));
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
