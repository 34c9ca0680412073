// SaaS end to end: a real agent runs its Microsoft 365 and Slack
// connectors against the fixture HTTPS server and sends the section to a
// real server; `surveyor-server saas` and GET /v1/tenants/T/saas report
// the same seats, waste and offboarding gaps.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>

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
  // Slack wastes nothing: no finding for it, none spurious.
  EXPECT_EQ(by_key.count("licence-waste:slack:slack"), 0u);
  std::size_t saas_findings = 0;
  for (const auto& [key, f] : by_key) {
    saas_findings += f.contains("category") && f.at("category") == "saas";
  }
  EXPECT_EQ(saas_findings, 2u);
  testing::StopProcess(fixture.pid, SIGTERM);
}

}  // namespace
}  // namespace surveyor
