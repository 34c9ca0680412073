// The real agent binary runs its SaaS connectors against the fixture HTTPS
// server (tests/fixtures/saas/fixture_server.py, real TLS on loopback):
// paging, a 429 with Retry-After, a token expiring mid-listing, a tenant
// without Entra ID P1, a malformed page, a secret file others can read.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "collectors/saas/pseudonyms.h"
#include "surveyor/v1/snapshot.pb.h"
#include "tests/agent/run_process.h"
#include "tests/saas_fixture_server.h"

namespace surveyor {
namespace {

namespace fs = std::filesystem;
using testing::ProcessResult;
using testing::RunProcess;
using testing::Slurp;

const std::string kAgent = SURVEYOR_AGENT_BIN;
const std::string kSource = SURVEYOR_SOURCE_DIR;

class SaasIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("surveyor-saas-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ProcessResult cert =
        RunProcess({"/bin/bash", kSource + "/install/make-cert.sh",
                    (dir_ / "tls").string()});
    ASSERT_EQ(cert.exit_code, 0) << cert.err;
  }
  void TearDown() override {
    if (server_pid_ > 0) testing::StopProcess(server_pid_, SIGTERM);
    fs::remove_all(dir_);
  }

  void Secret(const std::string& name, const std::string& value, int mode) {
    std::ofstream(dir_ / name) << value << "\n";
    fs::permissions(dir_ / name, static_cast<fs::perms>(mode));
  }

  void StartFixture(const std::string& scenario,
                    const std::vector<std::string>& vendors = {"microsoft365",
                                                               "slack"}) {
    auto f = testing::StartSaasFixture(dir_, scenario);
    server_pid_ = f.pid;
    port_ = f.port;
    connectors_ = testing::SaasConnectors(dir_, f, vendors);
  }

  std::size_t Count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos;
         at = text.find(what, at + 1)) {
      ++n;
    }
    return n;
  }

  // Runs `collect --only saas` with the two connectors (and `extra`
  // configuration); returns the snapshot's saas section.
  v1::Section Collect(const std::string& extra = "", int* exit_code = nullptr) {
    std::ofstream(dir_ / "agent.textproto") << connectors_ << extra;
    ProcessResult r =
        RunProcess({kAgent, "collect", "--only", "saas", "--config",
                    (dir_ / "agent.textproto").string(), "--format", "proto",
                    "-o", (dir_ / "snapshot.pb").string()});
    if (exit_code) *exit_code = r.exit_code;
    v1::Snapshot snapshot;
    EXPECT_TRUE(snapshot.ParseFromString(Slurp(dir_ / "snapshot.pb"))) << r.err;
    EXPECT_EQ(snapshot.sections_size(), 1);
    return snapshot.sections_size() ? snapshot.sections(0) : v1::Section();
  }

  static const v1::SaasUser* User(const v1::SaasLicenses& s,
                                  const std::string& id) {
    for (const auto& u : s.users()) {
      if (u.user_id() == id) return &u;
    }
    return nullptr;
  }

  fs::path dir_;
  int server_pid_ = -1;
  std::string port_;
  std::string connectors_;
};

TEST_F(SaasIntegrationTest, PagesThrottlingAndAnExpiredTokenOverRealTls) {
  StartFixture("normal");
  int exit_code = -1;
  v1::Section section = Collect("", &exit_code);
  EXPECT_EQ(exit_code, 0);
  EXPECT_EQ(section.errors_size(), 0) << section.errors(0).reason();
  const auto& saas = section.saas();
  ASSERT_EQ(saas.subscriptions_size(), 2);
  EXPECT_EQ(saas.subscriptions(0).vendor(), "microsoft365");
  EXPECT_EQ(saas.subscriptions(0).sku_name(), "ENTERPRISEPREMIUM");
  EXPECT_EQ(saas.subscriptions(0).purchased(), 25u);
  EXPECT_EQ(saas.subscriptions(0).assigned(), 14u);
  EXPECT_EQ(saas.subscriptions(1).vendor(), "slack");
  EXPECT_EQ(saas.subscriptions(1).assigned(), 1u);
  // Four Graph users over three pages, four Slack people over two.
  ASSERT_EQ(saas.users_size(), 8);
  const auto* gone = User(saas, "u3");
  ASSERT_NE(gone, nullptr);
  EXPECT_FALSE(gone->enabled());
  EXPECT_EQ(gone->sku_ids_size(), 1);
  // Five days ago (the fixture's times are relative to now).
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  EXPECT_NEAR(User(saas, "u1")->last_active().seconds(), now - 5 * 86400, 60);
  EXPECT_FALSE(User(saas, "u4")->has_last_active());  // never: unknown
  EXPECT_FALSE(User(saas, "U0632EWRW")->enabled());
  ASSERT_EQ(saas.connectors_size(), 2);
  EXPECT_FALSE(saas.connectors(0).partial());
  EXPECT_FALSE(saas.connectors(1).partial());
  // The expired token was replaced once; the throttled page asked again.
  const std::string log = Slurp(dir_ / "requests.log");
  std::size_t tokens = 0, page2 = 0;
  for (auto at = log.find("POST /contoso/oauth2"); at != std::string::npos;
       at = log.find("POST /contoso/oauth2", at + 1)) {
    ++tokens;
  }
  for (auto at = log.find("skiptoken=2"); at != std::string::npos;
       at = log.find("skiptoken=2", at + 1)) {
    ++page2;
  }
  EXPECT_EQ(tokens, 2u) << log;
  EXPECT_EQ(page2, 3u) << log;  // expired token, 429, then the page
  // The secret never reaches the snapshot.
  EXPECT_EQ(Slurp(dir_ / "snapshot.pb").find("graph-secret"),
            std::string::npos);
}

TEST_F(SaasIntegrationTest, ZoomGitHubAndOktaEachInTheirOwnWireFormat) {
  StartFixture("normal", {"zoom", "github", "okta"});
  int exit_code = -1;
  v1::Section section = Collect("", &exit_code);
  EXPECT_EQ(exit_code, 0);
  EXPECT_EQ(section.errors_size(), 0) << section.errors(0).reason();
  const auto& saas = section.saas();
  ASSERT_EQ(saas.connectors_size(), 3);
  for (const auto& c : saas.connectors()) EXPECT_FALSE(c.partial()) << c.name();
  std::map<std::string, const v1::SaasSubscription*> subs;
  for (const auto& s : saas.subscriptions()) {
    subs[s.vendor() + "/" + s.sku_id()] = &s;
  }
  ASSERT_EQ(subs.size(), 4u);
  EXPECT_EQ(subs["zoom/plan_base"]->purchased(), 10u);
  EXPECT_EQ(subs["zoom/plan_base"]->assigned(), 3u);
  EXPECT_EQ(subs["github/github-plan"]->purchased(), 5u);
  EXPECT_EQ(subs["github/github-plan"]->sku_name(), "GitHub team");
  EXPECT_EQ(subs["github/copilot-business"]->assigned(), 2u);
  EXPECT_EQ(subs["okta/okta"]->assigned(), 3u);  // not the deprovisioned
  // Zoom: four active over two pages, one deactivated; GitHub: three
  // members over two Link pages; Okta: three over two, one deprovisioned.
  EXPECT_EQ(saas.users_size(), 5 + 3 + 4);
  EXPECT_FALSE(User(saas, "zu5")->enabled());
  EXPECT_EQ(User(saas, "1")->sku_ids_size(), 2);     // octocat: plan + Copilot
  EXPECT_FALSE(User(saas, "2")->has_last_active());  // hubot: unknown
  EXPECT_FALSE(User(saas, "00u9")->enabled());
  EXPECT_FALSE(User(saas, "00u3")->enabled());  // suspended
  const std::string log = Slurp(dir_ / "requests.log");
  // Zoom: the expired token replaced once, the daily-limit 429 waited out
  // (Retry-After as a datetime) and asked again.
  EXPECT_EQ(Count(log, "POST /zoom/oauth/token"), 2u) << log;
  EXPECT_EQ(Count(log, "next_page_token=zp2"), 3u) << log;
  // GitHub's 403 with remaining 0, and Okta's 429 without Retry-After,
  // both waited to their reset and asked again.
  EXPECT_EQ(Count(log, "GET /organizations/42/members"), 2u) << log;
  EXPECT_EQ(Count(log, "after=00ub0oNGTSWTBKOLGLNR"), 2u) << log;
  EXPECT_EQ(Count(log, "search=status%20eq%20%22DEPROVISIONED%22"), 1u) << log;
  const std::string snapshot = Slurp(dir_ / "snapshot.pb");
  for (const char* secret : {"zoom-secret", "ghp_fixture", "okta-fixture"}) {
    EXPECT_EQ(snapshot.find(secret), std::string::npos) << secret;
  }
}

TEST_F(SaasIntegrationTest, GoogleWorkspaceSignedJwtOverRealTls) {
  StartFixture("normal", {"google-workspace"});
  int exit_code = -1;
  v1::Section section = Collect("", &exit_code);
  EXPECT_EQ(exit_code, 0);
  EXPECT_EQ(section.errors_size(), 0) << section.errors(0).reason();
  const auto& saas = section.saas();
  // Two SKUs from four assignments over two pages; no purchased figure.
  ASSERT_EQ(saas.subscriptions_size(), 2);
  EXPECT_EQ(saas.subscriptions(0).sku_id(), "1010020025");
  EXPECT_EQ(saas.subscriptions(1).sku_name(),
            "Google Workspace Business Standard");
  EXPECT_EQ(saas.subscriptions(1).assigned(), 3u);
  EXPECT_EQ(saas.subscriptions(1).purchased(), 0u);
  ASSERT_EQ(saas.users_size(), 4);
  EXPECT_FALSE(User(saas, "g2")->enabled());          // suspended
  EXPECT_FALSE(User(saas, "g3")->has_last_active());  // never signed in
  EXPECT_FALSE(User(saas, "g4")->enabled());          // archived
  EXPECT_EQ(User(saas, "g4")->sku_ids(0), "1010020025");
  const std::string log = Slurp(dir_ / "requests.log");
  // One token (the fixture checked the JWT's signature and claims); the
  // 403 userRateLimitExceeded was waited out and asked again.
  EXPECT_EQ(Count(log, "POST /google/token"), 1u) << log;
  EXPECT_EQ(Count(log, "pageToken=g2"), 2u) << log;
  EXPECT_EQ(Slurp(dir_ / "snapshot.pb").find("PRIVATE KEY"), std::string::npos);

  // An MSP that resells Google reads the seats bought from the Reseller
  // API, as its reseller administrator (a second token, its own scope).
  const auto at = connectors_.find("subject: ");
  ASSERT_NE(at, std::string::npos);
  connectors_.insert(at, "reseller_subject: \"reseller-admin@msp.example\" ");
  section = Collect("", &exit_code);
  EXPECT_EQ(exit_code, 0);
  EXPECT_EQ(section.errors_size(), 0) << section.errors(0).reason();
  EXPECT_EQ(section.saas().subscriptions(1).purchased(), 10u);  // annual
  EXPECT_EQ(section.saas().subscriptions(1).assigned(), 3u);
  EXPECT_EQ(section.saas().subscriptions(1).status(), "ACTIVE");
}

TEST_F(SaasIntegrationTest, DropboxAtlassianJiraSalesforceAndAdobeOverRealTls) {
  StartFixture("normal",
               {"dropbox", "atlassian", "jira", "salesforce", "adobe"});
  int exit_code = -1;
  v1::Section section = Collect("", &exit_code);
  EXPECT_EQ(exit_code, 0);
  EXPECT_EQ(section.errors_size(), 0) << section.errors(0).reason();
  const auto& saas = section.saas();
  for (const auto& c : saas.connectors()) EXPECT_FALSE(c.partial()) << c.name();
  std::map<std::string, const v1::SaasSubscription*> subs;
  for (const auto& s : saas.subscriptions()) {
    subs[s.vendor() + "/" + s.sku_id()] = &s;
  }
  EXPECT_EQ(subs.size(), 9u);
  EXPECT_EQ(subs["jira/jira-software"]->assigned(), 12u);  // "12"
  EXPECT_EQ(subs["jira/jira-product-discovery"]->assigned(), 2u);
  EXPECT_EQ(subs["dropbox/dropbox-team"]->purchased(), 10u);
  EXPECT_EQ(subs["atlassian/jira-software"]->assigned(), 2u);
  EXPECT_EQ(subs["atlassian/confluence"]->assigned(), 1u);
  EXPECT_EQ(subs["salesforce/Salesforce"]->purchased(), 100u);
  EXPECT_EQ(subs["adobe/Acrobat Pro"]->purchased(), 5u);
  EXPECT_EQ(
      subs["adobe/Default All Apps plan - 100 GB configuration"]->purchased(),
      0u);  // UNLIMITED
  // Dropbox 3 over two cursors, Atlassian 2 over two, Salesforce 2 along
  // nextRecordsUrl, Adobe 2.
  EXPECT_EQ(saas.users_size(), 3 + 2 + 2 + 2);
  EXPECT_EQ(User(saas, "ad1@AdobeID")->sku_ids_size(), 1);  // no user group
  const std::string log = Slurp(dir_ / "requests.log");
  EXPECT_EQ(Count(log, "POST /2/team/members/list/continue_v2"), 2u) << log;
  EXPECT_EQ(Count(log, "POST /services/oauth2/token"), 2u) << log;  // expired
  EXPECT_EQ(Count(log, "GET /v2/usermanagement/groups/acme%40AdobeOrg/1"), 2u)
      << log;
  EXPECT_EQ(Count(log, "cursor=cur2"), 1u) << log;
}

TEST_F(SaasIntegrationTest, PseudonymsInsteadOfPeopleStillMatching) {
  StartFixture("normal");
  Secret("pseudonym.key", "client-acme-0123456789", 0600);
  v1::Section section = Collect("saas_pseudonym_key_file: \"" +
                                (dir_ / "pseudonym.key").string() + "\"\n");
  EXPECT_EQ(section.errors_size(), 0) << section.errors(0).reason();
  const auto& saas = section.saas();
  ASSERT_EQ(saas.users_size(), 8);
  std::map<std::string, std::set<std::string>> vendors_of;
  for (const auto& u : saas.users()) {
    EXPECT_TRUE(u.user_id().starts_with("p:")) << u.user_id();
    EXPECT_TRUE(u.email().empty() || u.email().starts_with("p:")) << u.email();
    vendors_of[u.email()].insert(u.vendor());
  }
  // gone@contoso.com (Graph) and Gone@Contoso.com (Slack): one pseudonym.
  const std::string gone =
      collectors::saas::Pseudonym("client-acme-0123456789", "gone@contoso.com");
  EXPECT_EQ(vendors_of[gone], (std::set<std::string>{"microsoft365", "slack"}));
  const std::string snapshot = Slurp(dir_ / "snapshot.pb");
  for (const char* name : {"contoso.com", "ghostbusters", "U0632EWRW"}) {
    EXPECT_EQ(snapshot.find(name), std::string::npos) << name;
  }

  // A key too short: no connector runs, nobody is sent by name.
  Secret("short.key", "tiny", 0600);
  int exit_code = -1;
  section = Collect(
      "saas_pseudonym_key_file: \"" + (dir_ / "short.key").string() + "\"\n",
      &exit_code);
  EXPECT_EQ(exit_code, 1);
  ASSERT_EQ(section.errors_size(), 1);
  EXPECT_NE(section.errors(0).reason().find(
                "a pseudonym key needs 16 bytes or more; no connector was run"),
            std::string::npos)
      << section.errors(0).reason();
  EXPECT_EQ(section.saas().users_size(), 0);
  EXPECT_TRUE(section.saas().connectors(0).partial());
}

TEST_F(SaasIntegrationTest, TenantWithoutEntraP1HasUnknownActivity) {
  StartFixture("no-p1");
  v1::Section section = Collect();
  EXPECT_EQ(section.errors_size(), 0) << section.errors(0).reason();
  const auto& saas = section.saas();
  EXPECT_EQ(saas.users_size(), 8);
  for (const auto& u : saas.users()) {
    if (u.vendor() == "microsoft365") {
      EXPECT_FALSE(u.has_last_active()) << u.user_id();
    }
  }
  ASSERT_EQ(saas.connectors(0).notes_size(), 1);
  EXPECT_NE(saas.connectors(0).notes(0).find(
                "Authentication_RequestFromNonPremiumTenantOrB2CTenant"),
            std::string::npos);
  EXPECT_FALSE(saas.connectors(0).partial());
}

TEST_F(SaasIntegrationTest, FailuresAreSectionErrorsAndPartialIsMarked) {
  StartFixture("bad-page");
  Secret("leaky.token", "xoxp-fixture", 0644);
  int exit_code = -1;
  v1::Section section = Collect(
      "saas_connectors { vendor: \"slack\" name: \"leaky\" secret_file: \"" +
          (dir_ / "leaky.token").string() + "\" }\n" +
          "saas_connectors { vendor: \"slack\" name: \"revoked\" "
          "secret_file: \"" +
          (dir_ / "microsoft365.secret").string() +
          "\" base_url: \"https://localhost:" + port_ + "\" ca_file: \"" +
          (dir_ / "tls/server.crt").string() + "\" }\n",
      &exit_code);
  EXPECT_EQ(exit_code, 1);
  std::map<std::string, std::string> errors;
  for (const auto& e : section.errors()) errors[e.source()] += e.reason();
  EXPECT_EQ(errors["saas/acme-m365"].rfind(
                "microsoft365 users: page 2: users page is not valid JSON", 0),
            0u)
      << errors["saas/acme-m365"];
  EXPECT_NE(errors["saas/leaky"].find("readable by group or others"),
            std::string::npos);
  EXPECT_EQ(errors["saas/revoked"],
            "slack users.list: invalid_authslack "
            "team.billableInfo: invalid_auth");
  const auto& saas = section.saas();
  ASSERT_EQ(saas.connectors_size(), 4);
  EXPECT_TRUE(saas.connectors(0).partial());   // cut at page 2
  EXPECT_FALSE(saas.connectors(1).partial());  // slack as usual
  EXPECT_TRUE(saas.connectors(2).partial());
  EXPECT_TRUE(saas.connectors(3).partial());
  // What was read before the bad page is kept, marked partial.
  EXPECT_NE(User(saas, "u1"), nullptr);
  EXPECT_EQ(User(saas, "u3"), nullptr);
}

TEST_F(SaasIntegrationTest, AVendorThatHangsIsAbandonedOthersReport) {
  StartFixture("hang");
  // The Slack connector gives up after 2 s; Microsoft 365 is unaffected.
  const std::string marker = "\" ca_file: ";
  const auto slack = connectors_.find("name: \"acme-slack\"");
  ASSERT_NE(slack, std::string::npos);
  connectors_.insert(connectors_.find(marker, slack) + 1,
                     " request_timeout_seconds: 2");
  const auto started = std::chrono::steady_clock::now();
  int exit_code = -1;
  v1::Section section = Collect("", &exit_code);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(exit_code, 1);
  EXPECT_LT(took, std::chrono::seconds(30));
  ASSERT_EQ(section.errors_size(), 1);
  EXPECT_EQ(section.errors(0).source(), "saas/acme-slack");
  EXPECT_NE(section.errors(0).reason().find("slack users.list: "),
            std::string::npos)
      << section.errors(0).reason();
  EXPECT_NE(section.errors(0).reason().find("Timeout"), std::string::npos)
      << section.errors(0).reason();
  EXPECT_FALSE(section.saas().connectors(0).partial());  // Microsoft 365
  EXPECT_TRUE(section.saas().connectors(1).partial());
  EXPECT_EQ(section.saas().subscriptions(0).vendor(), "microsoft365");
}

TEST_F(SaasIntegrationTest, VendorTextNeverReachesTheTerminalRaw) {
  StartFixture("hostile");
  std::ofstream(dir_ / "agent.textproto") << connectors_;
  ProcessResult r = RunProcess({kAgent, "collect", "--only", "saas", "--config",
                                (dir_ / "agent.textproto").string()});
  EXPECT_EQ(r.exit_code, 1);
  // The error is there, escaped, once in the table; with --verbose also in
  // the log line, escaped there too.
  EXPECT_NE(r.out.find("invalid_client: bad"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("invalid_client: bad"), std::string::npos) << r.err;
  ProcessResult v =
      RunProcess({kAgent, "collect", "--only", "saas", "--config",
                  (dir_ / "agent.textproto").string(), "--verbose"});
  EXPECT_NE(v.err.find("invalid_client: bad"), std::string::npos) << v.err;
  for (const std::string& text : {r.out, r.err, v.err}) {
    EXPECT_EQ(text.find('\x1b'), std::string::npos);
    EXPECT_EQ(text.find('\r'), std::string::npos);
  }
}

}  // namespace
}  // namespace surveyor
