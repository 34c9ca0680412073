#include "service/digest/health_score.h"

#include <gtest/gtest.h>

namespace surveyor::digest {
namespace {

service::Host MakeHost(const std::string& agent, std::int64_t enrolled,
                       std::int64_t retired = 0) {
  service::Host h;
  h.agent_id = agent;
  h.hostname = agent;
  h.enrolled_at = enrolled;
  h.retired_at = retired;
  return h;
}

v1::Finding Gap(const std::string& kind, const std::string& agent,
                std::int64_t opened, std::int64_t resolved = 0) {
  v1::Finding f;
  f.set_key(kind + ":" + agent);
  f.set_kind(kind);
  f.set_first_seen(opened);
  f.set_resolved_at(resolved);
  auto* h = f.add_hosts();
  h->set_agent_id(agent);
  return f;
}

TEST(HealthScore, SharesOfPassingHostControlChecks) {
  std::vector<service::Host> hosts = {MakeHost("a", 10), MakeHost("b", 10),
                                      MakeHost("gone", 10, 50),
                                      MakeHost("later", 500)};
  std::vector<v1::Finding> findings = {
      Gap("no-backup", "a", 20),
      Gap("backup-stale", "a", 20),  // the same control: counted once
      Gap("firewall-off", "b", 20, 90),
      Gap("firewall-off", "gone", 20),  // retired before T: not counted
      Gap("overlap", "b", 20),          // no host control
  };
  std::set<std::string> required = {"backup", "firewall"};
  // At 60: hosts a, b; failing (a, backup) and (b, firewall): 2 of 4 pass.
  EXPECT_EQ(HealthScore(hosts, findings, required, 60), 50);
  // At 100: b's firewall fixed; 3 of 4 pass.
  EXPECT_EQ(HealthScore(hosts, findings, required, 100), 75);
  // Firewall not required: 1 of 2 pass.
  EXPECT_EQ(HealthScore(hosts, findings, {"backup"}, 100), 50);
  // Before any host: no score.
  EXPECT_FALSE(HealthScore(hosts, findings, required, 5).has_value());
  // 2 of 3 hosts passing one control: 66.7 rounds to 67.
  hosts.push_back(MakeHost("c", 10));
  EXPECT_EQ(HealthScore(hosts, findings, {"backup"}, 100), 67);
}

TEST(HealthScore, Bands) {
  EXPECT_EQ(ScoreBand(100), "Excellent");
  EXPECT_EQ(ScoreBand(95), "Excellent");
  EXPECT_EQ(ScoreBand(94), "Good");
  EXPECT_EQ(ScoreBand(90), "Good");
  EXPECT_EQ(ScoreBand(89), "Fair");
  EXPECT_EQ(ScoreBand(80), "Fair");
  EXPECT_EQ(ScoreBand(79), "Poor");
  EXPECT_EQ(ScoreBand(50), "Poor");
  EXPECT_EQ(ScoreBand(49), "Failing");
  EXPECT_EQ(ScoreBand(0), "Failing");
}

}  // namespace
}  // namespace surveyor::digest
