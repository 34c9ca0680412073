// Credentials, the finding lifecycle and change pairing, without a database.
#include <gtest/gtest.h>

#include "service/domain/change_pairing.h"
#include "service/domain/credentials.h"
#include "service/domain/finding_lifecycle.h"

namespace surveyor::service {
namespace {

TEST(CredentialsTest, MintedSecretsMatchOnlyTheirHash) {
  auto a = credentials::Mint(credentials::kNodeKey);
  auto b = credentials::Mint(credentials::kNodeKey);
  EXPECT_TRUE(a.secret.starts_with("snk_"));
  EXPECT_NE(a.secret, b.secret);
  EXPECT_EQ(a.hash, credentials::Hash(a.secret));
  EXPECT_EQ(a.hash.size(), 32u);  // SHA-256, raw.
  EXPECT_TRUE(credentials::Matches(a.hash, a.secret));
  EXPECT_FALSE(credentials::Matches(a.hash, b.secret));
  EXPECT_FALSE(credentials::Matches(a.hash, ""));
  EXPECT_EQ(a.hash.find(a.secret.substr(4, 8)), std::string::npos);
  EXPECT_TRUE(credentials::NewAgentId().starts_with("ag_"));
  EXPECT_EQ(credentials::NewAgentId().size(), 27u);
}

v1::Finding F(const std::string& key, const std::string& title = "t") {
  v1::Finding f;
  f.set_key(key);
  f.set_title(title);
  f.set_first_seen(5);  // Lifecycle fields never reach the stored detail.
  f.set_reopened(3);
  return f;
}

TEST(FindingLifecycleTest, OpenKeepReopenResolve) {
  std::vector<FindingRow> existing = {
      {1, "still-open", false},
      {2, "was-resolved", true},
      {3, "gone", false},
      {4, "long-gone", true},
  };
  FindingPlan p =
      PlanFindings(existing, {F("still-open", "new title"), F("was-resolved"),
                              F("brand-new"), F("brand-new")});
  ASSERT_EQ(p.open.size(), 1u);
  EXPECT_EQ(p.open[0].key(), "brand-new");
  EXPECT_EQ(p.open[0].first_seen(), 0);
  EXPECT_EQ(p.open[0].reopened(), 0u);
  ASSERT_EQ(p.update.size(), 1u);
  EXPECT_EQ(p.update[0].first, 1);
  EXPECT_EQ(p.update[0].second.title(), "new title");
  ASSERT_EQ(p.reopen.size(), 1u);
  EXPECT_EQ(p.reopen[0].first, 2);
  EXPECT_EQ(p.resolve, std::vector<std::int64_t>{3});  // Not 4 again.
  EXPECT_EQ(p.delta.opened, 1);
  EXPECT_EQ(p.delta.updated, 1);
  EXPECT_EQ(p.delta.reopened, 1);
  EXPECT_EQ(p.delta.resolved, 1);
}

TEST(FindingLifecycleTest, NothingTrueResolvesEverythingOpen) {
  FindingPlan p = PlanFindings({{1, "a", false}, {2, "b", true}}, {});
  EXPECT_EQ(p.resolve, std::vector<std::int64_t>{1});
  EXPECT_TRUE(p.open.empty());
}

HistoryRow Row(std::string agent, std::string name, std::string version,
               std::int64_t first, bool initial,
               std::optional<std::int64_t> removed = std::nullopt) {
  HistoryRow r;
  r.agent_id = agent;
  r.hostname = agent + "-host";
  r.key = SoftwareKey{v1::PACKAGE_SOURCE_DPKG, name, "amd64", "", version};
  r.first_seen = first;
  r.initial = initial;
  r.removed_at = removed;
  return r;
}

TEST(ChangePairingTest, RemovalAndInstallAtOneMomentAreAnUpgrade) {
  std::vector<HistoryRow> rows = {
      Row("a1", "curl", "7", 100, true, 200),  // Upgraded at 200...
      Row("a1", "curl", "8", 200, false),      // ...to 8.
      Row("a1", "zoom", "5", 300, false),      // Installed.
      Row("a2", "vim", "9", 50, true, 250),    // Removed.
      Row("a2", "curl", "8", 200, false),      // Installed on another host.
      Row("a1", "initial", "1", 150, true),    // First inventory: no change.
      Row("a1", "late", "1", 900, false),      // Outside the window.
  };
  auto changes = PairChanges(rows, 100, 400);
  ASSERT_EQ(changes.size(), 4u);
  EXPECT_EQ(changes[0].kind, "upgraded");
  EXPECT_EQ(changes[0].agent_id, "a1");
  EXPECT_EQ(changes[0].from_version, "7");
  EXPECT_EQ(changes[0].to_version, "8");
  EXPECT_EQ(changes[0].source, "dpkg");
  EXPECT_EQ(changes[1].kind, "installed");
  EXPECT_EQ(changes[1].agent_id, "a2");
  EXPECT_EQ(changes[2].kind, "removed");
  EXPECT_EQ(changes[2].name, "vim");
  EXPECT_EQ(changes[2].at, 250);
  EXPECT_EQ(changes[3].kind, "installed");
  EXPECT_EQ(changes[3].name, "zoom");
}

TEST(ChangePairingTest, DifferentMomentsStaySeparate) {
  auto changes = PairChanges({Row("a1", "curl", "7", 10, true, 200),
                              Row("a1", "curl", "8", 201, false)},
                             0, 1000);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].kind, "removed");
  EXPECT_EQ(changes[1].kind, "installed");
}

TEST(ChangePairingTest, WindowsUpgradeKeepsItsPublisherForMatching) {
  HistoryRow before = Row("a1", "Windows Agent", "2023.9", 10, true, 200);
  before.key.source = v1::PACKAGE_SOURCE_WINDOWS;
  before.key.variant = "machine-32::{0C9A}\tN-able Technologies";
  HistoryRow after = before;
  after.key.version = "2024.1";
  after.first_seen = 200;
  after.initial = false;
  after.removed_at.reset();
  auto changes = PairChanges({before, after}, 100, 400);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, "upgraded");
  EXPECT_EQ(changes[0].source, "windows");
  EXPECT_EQ(changes[0].publisher, "N-able Technologies");
  EXPECT_EQ(changes[0].from_version, "2023.9");
}

}  // namespace
}  // namespace surveyor::service
