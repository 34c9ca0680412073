// SaaS end to end: a real agent runs its connectors against the fixture
// HTTPS server and sends the section to a real server; `surveyor-server
// saas` and GET /v1/tenants/T/saas report the same seats, waste and
// offboarding gaps; other hosts' desktop clients of SaaS vendors without a
// connector become findings.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <ctime>
#include <map>
#include <set>

#include "common/time_util.h"
#include "tests/saas_fixture_server.h"
#include "tests/service/server_agent_fixture.h"

namespace surveyor {
namespace {

TEST_F(ServerAgentTest, SaasWasteAndOffboardingGapsEndToEnd) {
  auto fixture = testing::StartSaasFixture(dir_, "normal");
  const std::string secret = LastWord(Admin({"tenant", "add", "acme"})[0]);
  const std::string token =
      LastWord(Admin({"token", "add", "--tenant", "acme"})[0]);
  fs::path agent = MakeAgent("office", secret);
  std::ofstream(agent / "agent.textproto", std::ios::app)
      << testing::SaasConnectors(dir_, fixture);
  ProcessResult run = RunOnce(agent);
  EXPECT_EQ(run.exit_code, 0) << run.err;

  std::vector<std::string> cli =
      Admin({"saas", "--tenant", "acme", "--format", "json"});
  boost::system::error_code ec;
  auto report = boost::json::parse(cli[0], ec);
  ASSERT_FALSE(ec) << cli[0];
  const auto& subs = report.at("subscriptions").as_array();
  ASSERT_EQ(subs.size(), 2u);
  const auto& m365 = subs[0].as_object();
  EXPECT_EQ(m365.at("sku_name"), "ENTERPRISEPREMIUM");
  EXPECT_EQ(m365.at("purchased"), 25);
  EXPECT_EQ(m365.at("assigned"), 14);
  EXPECT_EQ(m365.at("unassigned"), 11);
  EXPECT_EQ(m365.at("active"), 1);  // adele, five days ago
  // 11 unassigned + gone@ (disabled) + alex@ (300 days without sign-in).
  EXPECT_EQ(m365.at("wasted"), 13);
  EXPECT_EQ(m365.at("disabled_holders").as_array()[0].at("email"),
            "gone@contoso.com");
  EXPECT_EQ(m365.at("inactive_holders").as_array()[0].at("email"),
            "alex@contoso.com");
  const auto& slack = subs[1].as_object();
  EXPECT_EQ(slack.at("vendor"), "slack");
  EXPECT_TRUE(slack.at("purchased").is_null());  // never invented
  EXPECT_EQ(slack.at("wasted"), 0);
  const auto& gaps = report.at("offboarding_gaps").as_array();
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].at("email"), "gone@contoso.com");
  EXPECT_EQ(gaps[0].at("disabled_in"), "microsoft365");
  EXPECT_EQ(gaps[0].at("still_active_in").as_array()[0], "slack");

  // The API says the same for the same moment.
  int status = 0;
  std::string api = Get("/v1/tenants/acme/saas", token, &status);
  EXPECT_EQ(status, 200) << api;
  EXPECT_EQ(boost::json::parse(api), report);

  // Today's seat counts are in the history, the same through CLI and API.
  auto history =
      boost::json::parse(Admin({"saas", "history", "--tenant", "acme", "--days",
                                "1", "--format", "json"})[0]);
  const auto& days = history.at("days").as_array();
  ASSERT_EQ(days.size(), 2u) << boost::json::serialize(history);
  EXPECT_EQ(days[0].at("vendor"), "microsoft365");
  EXPECT_EQ(days[0].at("purchased"), 25);
  EXPECT_EQ(days[0].at("assigned"), 14);
  EXPECT_EQ(days[0].at("wasted"), 13);
  EXPECT_EQ(days[0].at("active"), 1);
  const std::string today =
      common::FormatRfc3339(std::time(nullptr)).substr(0, 10);
  EXPECT_EQ(days[0].at("day"), today.c_str());
  auto api_history =
      boost::json::parse(Get("/v1/tenants/acme/saas/history", token, &status));
  EXPECT_EQ(status, 200);
  EXPECT_EQ(api_history.at("days"), history.at("days"));
  Get("/v1/tenants/acme/saas/history?since=yesterday", token, &status);
  EXPECT_EQ(status, 400);
  Get("/v1/tenants/acme/saas?inactive_days=0", token, &status);
  EXPECT_EQ(status, 400);
  ProcessResult zero =
      RunProcess({kServer, "saas", "--tenant", "acme", "--inactive-days", "0",
                  "--data-dir", (dir_ / "data").string()});
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_NE(zero.err.find("--inactive-days must be 1 to 3650"),
            std::string::npos)
      << zero.err;

  // The table names the waste and the gap.
  std::string table = Admin({"saas", "--tenant", "acme"})[0];
  EXPECT_NE(table.find("disabled, still holds a seat: gone@contoso.com"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("offboarding gap: gone@contoso.com is disabled in "
                       "microsoft365, still active in slack"),
            std::string::npos)
      << table;

  // The same as findings, with the controls an auditor maps them to.
  auto findings = boost::json::parse(
      Admin({"findings", "--tenant", "acme", "--format", "json"})[0]);
  std::map<std::string, boost::json::object> by_key;
  for (const auto& f : findings.at("findings").as_array()) {
    by_key[std::string(f.at("key").as_string())] = f.as_object();
  }
  const auto& waste =
      by_key["licence-waste:microsoft365:c7df2760-2c81-4ef7-b578-5b5392b571df"];
  ASSERT_FALSE(waste.empty()) << boost::json::serialize(findings);
  EXPECT_EQ(waste.at("title"),
            "microsoft365 ENTERPRISEPREMIUM: 13 of 25 seats wasted");
  EXPECT_EQ(waste.at("severity"), "medium");
  const std::string evidence = boost::json::serialize(waste.at("evidence"));
  EXPECT_NE(evidence.find("11 purchased, not assigned"), std::string::npos);
  EXPECT_NE(evidence.find("held by a disabled account: gone@contoso.com"),
            std::string::npos);
  EXPECT_NE(evidence.find("no sign-in for over 60 days: alex@contoso.com"),
            std::string::npos)
      << evidence;
  const auto& gap = by_key["offboarding-gap:gone@contoso.com"];
  ASSERT_FALSE(gap.empty());
  EXPECT_EQ(gap.at("severity"), "high");
  const std::string controls = boost::json::serialize(gap.at("controls"));
  for (const char* id :
       {"\"6.2\"", "\"CC6.3\"", "\"164.308(a)(3)(ii)(C)\"", "\"A.5.18\""}) {
    EXPECT_NE(controls.find(id), std::string::npos) << id << controls;
  }
  // The tenant's policy moves the threshold: alex@ (300 days) is no longer
  // inactive at 400 days, in the report and in the findings.
  std::ofstream(dir_ / "policy.textproto") << "saas_inactive_days: 400\n";
  Admin({"policy", "set", "--tenant", "acme",
         (dir_ / "policy.textproto").string()});
  auto relaxed = boost::json::parse(
      Admin({"saas", "--tenant", "acme", "--format", "json"})[0]);
  EXPECT_EQ(relaxed.at("inactive_days"), 400);
  EXPECT_EQ(relaxed.at("subscriptions").as_array()[0].at("wasted"), 12);
  const auto relaxed_findings = boost::json::parse(
      Admin({"findings", "--tenant", "acme", "--format", "json"})[0]);
  for (const auto& f : relaxed_findings.at("findings").as_array()) {
    if (f.at("key") ==
        "licence-waste:microsoft365:c7df2760-2c81-4ef7-b578-5b5392b571df") {
      EXPECT_EQ(f.at("title"),
                "microsoft365 ENTERPRISEPREMIUM: 12 of 25 seats wasted");
    }
  }

  // Slack wastes nothing: no finding for it, none spurious.
  EXPECT_EQ(by_key.count("licence-waste:slack:slack"), 0u);
  std::size_t saas_findings = 0;
  for (const auto& [key, f] : by_key) {
    saas_findings += f.contains("category") && f.at("category") == "saas";
  }
  // The host runs the Zoom snap (the fixture root has it) and no connector
  // reads Zoom: paid by someone, seen by nobody.
  EXPECT_EQ(by_key.count("saas-unconnected:zoom"), 1u);
  EXPECT_EQ(saas_findings, 3u);
  testing::StopProcess(fixture.pid, SIGTERM);
}

// Installs `packages` (name, version) in an agent's fixture root, as dpkg
// records them.
void Install(const fs::path& agent,
             const std::vector<std::pair<std::string, std::string>>& packages) {
  std::ofstream status(agent / "root/var/lib/dpkg/status", std::ios::app);
  for (const auto& [name, version] : packages) {
    status << "\nPackage: " << name
           << "\nStatus: install ok installed\nPriority: optional\n"
              "Section: net\nInstalled-Size: 1000\nMaintainer: Vendor "
              "<support@example.com>\nArchitecture: amd64\nVersion: "
           << version << "\nDescription: " << name << " desktop client\n";
  }
}

TEST_F(ServerAgentTest, SaasTenantWithFourVendorsAndDesktopClients) {
  auto fixture = testing::StartSaasFixture(dir_, "normal");
  const std::string secret = LastWord(Admin({"tenant", "add", "acme"})[0]);
  fs::path office = MakeAgent("office", secret);
  std::ofstream(office / "agent.textproto", std::ios::app)
      << testing::SaasConnectors(dir_, fixture,
                                 {"microsoft365", "slack", "zoom", "github"});
  fs::path pc1 = MakeAgent("pc1", secret);
  Install(pc1, {{"zoom", "6.2.0.1855"}, {"dropbox", "2024.04.17"}});
  fs::path pc2 = MakeAgent("pc2", secret);
  Install(pc2, {{"slack-desktop", "4.41.105"}, {"dropbox", "2024.04.17"}});
  for (const auto& agent : {pc1, pc2, office}) {
    ProcessResult run = RunOnce(agent);
    EXPECT_EQ(run.exit_code, 0) << agent << run.err;
  }

  auto report = boost::json::parse(
      Admin({"saas", "--tenant", "acme", "--format", "json"})[0]);
  std::map<std::string, boost::json::object> subs;
  for (const auto& s : report.at("subscriptions").as_array()) {
    subs[std::string(s.at("vendor").as_string()) + "/" +
         std::string(s.at("sku_id").as_string())] = s.as_object();
  }
  ASSERT_EQ(subs.size(), 5u) << boost::json::serialize(report);
  std::map<std::string, std::int64_t> wasted;
  for (const auto& [key, s] : subs) wasted[key] = s.at("wasted").as_int64();
  const std::map<std::string, std::int64_t> expected = {
      // 11 unassigned + gone@ disabled + alex@ 300 days.
      {"microsoft365/c7df2760-2c81-4ef7-b578-5b5392b571df", 13},
      {"slack/slack", 0},
      // 7 unassigned + bob@ 200 days + gone@ 100 days.
      {"zoom/plan_base", 9},
      // 2 unassigned; members' activity is unknown, never inactive.
      {"github/github-plan", 2},
      // mona: no Copilot activity for 120 days.
      {"github/copilot-business", 1},
  };
  EXPECT_EQ(wasted, expected);
  EXPECT_EQ(subs["zoom/plan_base"].at("inactive_holders").as_array().size(),
            2u);
  EXPECT_EQ(subs["github/copilot-business"]
                .at("inactive_holders")
                .as_array()[0]
                .at("email"),
            "mona");
  EXPECT_TRUE(subs["github/github-plan"].at("active").is_null());

  const auto& gaps = report.at("offboarding_gaps").as_array();
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].at("email"), "gone@contoso.com");
  EXPECT_EQ(boost::json::serialize(gaps[0].at("still_active_in")),
            R"(["slack","zoom"])");

  // Dropbox runs on two hosts and nobody reads its licences; Zoom and
  // Slack clients are covered by their connectors.
  const auto& unconnected = report.at("without_connector").as_array();
  ASSERT_EQ(unconnected.size(), 1u) << boost::json::serialize(report);
  EXPECT_EQ(unconnected[0].at("vendor"), "dropbox");
  const auto& client = unconnected[0].at("clients").as_array()[0];
  EXPECT_EQ(client.at("hosts"), 2);
  EXPECT_EQ(boost::json::serialize(client.at("sample_hosts")),
            R"(["pc1","pc2"])");

  auto findings = boost::json::parse(
      Admin({"findings", "--tenant", "acme", "--format", "json"})[0]);
  std::set<std::string> saas_keys;
  std::map<std::string, boost::json::object> by_key;
  for (const auto& f : findings.at("findings").as_array()) {
    if (!f.as_object().contains("category") || f.at("category") != "saas") {
      continue;
    }
    saas_keys.insert(std::string(f.at("key").as_string()));
    by_key[std::string(f.at("key").as_string())] = f.as_object();
  }
  const std::set<std::string> expected_keys = {
      "licence-waste:microsoft365:c7df2760-2c81-4ef7-b578-5b5392b571df",
      "licence-waste:zoom:plan_base",
      "licence-waste:github:github-plan",
      "licence-waste:github:copilot-business",
      "offboarding-gap:gone@contoso.com",
      "saas-unconnected:dropbox",
      // Teams (with Microsoft 365) and Zoom: two paid conferencing tools.
      "saas-overlap:conferencing",
  };
  EXPECT_EQ(saas_keys, expected_keys);
  EXPECT_EQ(by_key["saas-overlap:conferencing"].at("title"),
            "conferencing paid at 2 SaaS vendors: microsoft365 (14 seats), "
            "zoom (3 seats)");
  EXPECT_EQ(
      boost::json::serialize(report.at("paid_overlap")),
      R"([{"category":"conferencing","vendors":[{"vendor":"microsoft365","seats":14},{"vendor":"zoom","seats":3}]}])");
  const auto& dropbox = by_key["saas-unconnected:dropbox"];
  EXPECT_EQ(dropbox.at("title"),
            "dropbox: desktop clients on 2 hosts, no SaaS connector reads its "
            "licences");
  EXPECT_EQ(boost::json::serialize(dropbox.at("evidence")),
            R"(["Dropbox installed on pc1, pc2"])");
  const std::string controls = boost::json::serialize(dropbox.at("controls"));
  EXPECT_NE(controls.find("\"2.3\""), std::string::npos) << controls;
  EXPECT_NE(controls.find("\"A.5.23\""), std::string::npos) << controls;

  // Dropbox removed from one host: the finding follows at that host's
  // next snapshot, without any SaaS change.
  std::string status = Slurp(pc2 / "root/var/lib/dpkg/status");
  status = status.substr(0, status.find("\nPackage: dropbox"));
  std::ofstream(pc2 / "root/var/lib/dpkg/status", std::ios::trunc)
      << status << "\n";
  ProcessResult again = RunOnce(pc2);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  findings = boost::json::parse(
      Admin({"findings", "--tenant", "acme", "--format", "json"})[0]);
  for (const auto& f : findings.at("findings").as_array()) {
    if (f.at("key") == "saas-unconnected:dropbox") {
      EXPECT_EQ(f.at("title"),
                "dropbox: desktop clients on 1 host, no SaaS connector reads "
                "its licences");
    }
  }
  std::string table = Admin({"saas", "--tenant", "acme"})[0];
  EXPECT_NE(table.find("no connector for dropbox: Dropbox installed on 1 host"),
            std::string::npos)
      << table;

  // Contracts: a price and a renewal ten days out for Microsoft 365, seats
  // bought for Slack (its API does not tell), a yearly price.
  const std::string renewal =
      common::FormatRfc3339(std::time(nullptr) + 10 * 86400).substr(0, 10);
  std::ofstream(dir_ / "contracts.textproto")
      << "contracts { vendor: \"microsoft365\" sku_id: \"ENTERPRISEPREMIUM\" "
         "price_per_seat_month: \"38.00\" currency: \"USD\" renewal_date: \""
      << renewal
      << "\" notice_days: 30 }\n"
         "contracts { vendor: \"slack\" sku_id: \"slack\" purchased: 6 "
         "price_per_seat_year: \"87.00\" currency: \"USD\" }\n";
  Admin({"contract", "set", "--tenant", "acme",
         (dir_ / "contracts.textproto").string()});
  report = boost::json::parse(
      Admin({"saas", "--tenant", "acme", "--format", "json"})[0]);
  std::map<std::string, boost::json::value> cost;
  for (const auto& s : report.at("subscriptions").as_array()) {
    cost[std::string(s.at("vendor").as_string()) + "/" +
         std::string(s.at("sku_id").as_string())] =
        s.at("monthly_cost_of_waste");
  }
  // 13 x 38.00; Slack 5 unassigned of 6 bought x 87.00 / 12; GitHub's
  // list prices (2 x 4.00, 1 x 19.00); Zoom has no price: none invented.
  EXPECT_EQ(cost["microsoft365/c7df2760-2c81-4ef7-b578-5b5392b571df"],
            "494.00");
  EXPECT_EQ(cost["slack/slack"], "36.25");
  EXPECT_EQ(cost["github/github-plan"], "8.00");
  EXPECT_EQ(cost["github/copilot-business"], "19.00");
  EXPECT_TRUE(cost["zoom/plan_base"].is_null());
  findings = boost::json::parse(
      Admin({"findings", "--tenant", "acme", "--format", "json"})[0]);
  bool renewal_found = false;
  for (const auto& f : findings.at("findings").as_array()) {
    if (f.at("key") !=
        "saas-renewal:microsoft365:c7df2760-2c81-4ef7-b578-5b5392b571df") {
      continue;
    }
    renewal_found = true;
    EXPECT_EQ(std::string(f.at("title").as_string()),
              "microsoft365 ENTERPRISEPREMIUM renews on " + renewal +
                  " with 13 seats wasted");
    EXPECT_NE(boost::json::serialize(f.at("evidence"))
                  .find("monthly cost of the wasted seats: 494.00 USD"),
              std::string::npos);
  }
  EXPECT_TRUE(renewal_found) << boost::json::serialize(findings);

  // The API shows the contracts to a tenant token; a bad one is refused
  // with where it is wrong, and what was set stays.
  const std::string token =
      LastWord(Admin({"token", "add", "--tenant", "acme"})[0]);
  const std::string admin = LastWord(Admin({"token", "add", "--admin"})[0]);
  int http_status = 0;
  auto shown = boost::json::parse(
      Get("/v1/tenants/acme/contracts", token, &http_status));
  EXPECT_EQ(http_status, 200);
  EXPECT_NE(std::string(shown.at("contracts").as_string()).find("38.00"),
            std::string::npos);
  std::ofstream(dir_ / "bad.textproto")
      << "contracts { vendor: \"zoom\" sku_id: \"plan_base\" }\n"
         "contracts { vendor: \"zoom\" sku_id: \"plan_base\" }\n";
  ProcessResult put =
      RunProcess({"/usr/bin/curl", "-s", "-w", "\n%{http_code}", "--cacert",
                  (dir_ / "tls/server.crt").string(), "-X", "PUT", "-H",
                  "Authorization: Bearer " + admin, "--data-binary",
                  "@" + (dir_ / "bad.textproto").string(),
                  "https://localhost:" + std::to_string(port_) +
                      "/v1/tenants/acme/contracts"});
  EXPECT_NE(put.out.find("request body:2:1: a second contract for zoom "
                         "plan_base"),
            std::string::npos)
      << put.out;
  EXPECT_TRUE(put.out.ends_with("400")) << put.out;
  shown = boost::json::parse(Get("/v1/tenants/acme/contracts", token));
  EXPECT_NE(std::string(shown.at("contracts").as_string()).find("38.00"),
            std::string::npos);
  testing::StopProcess(fixture.pid, SIGTERM);
}

}  // namespace
}  // namespace surveyor
