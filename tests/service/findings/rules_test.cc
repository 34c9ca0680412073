// The host rules on states built by hand (pure: no store): what a protection
// product says is wrong with itself becomes a finding.
#include "service/findings/rules.h"

#include <gtest/gtest.h>

#include "common/textproto.h"
#include "service/findings/controls.h"

namespace surveyor::findings {
namespace {

std::vector<v1::Finding> FindingsOf(const std::string& protection_text) {
  service::HostState state;
  state.host.id = 7;
  state.host.agent_id = "a7";
  state.host.hostname = "pc-7";
  v1::Section protection;
  EXPECT_TRUE(
      common::ParseTextProto(protection_text, "protection", protection));
  state.protection = protection;
  auto catalog = Catalog::Builtin();
  const Policy policy = Effective(DefaultPolicy(*catalog), *catalog);
  return HostFindings(state, {}, policy, *catalog, 1'800'000'000);
}

TEST(HostRulesTest, ClamavWithoutSignatureDatabaseIsProtectionNotWorking) {
  auto found =
      FindingsOf(R"pb(protection {
                        products {
                          vendor: "Cisco Talos"
                          product: "ClamAV"
                          present: true
                          running: TRI_STATE_YES
                          issues: "no signature databases in /var/lib/clamav"
                        }
                      })pb");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].key(), "protection-not-working:a7:ClamAV");
  EXPECT_EQ(found[0].severity(), "high");
  ASSERT_EQ(found[0].evidence_size(), 1);
  EXPECT_EQ(found[0].evidence(0),
            "pc-7: ClamAV: no signature databases in /var/lib/clamav");
  EXPECT_EQ(found[0].controls(0).id(), "10.1");
  EXPECT_EQ(HostControlOfKind("protection-not-working"), "anti-malware");
}

TEST(HostRulesTest, PassiveModeAloneIsInformational) {
  auto found = FindingsOf(R"pb(protection {
                                 products {
                                   product: "Defender for Endpoint"
                                   present: true
                                   running: TRI_STATE_YES
                                   realtime_protection: TRI_STATE_YES
                                   issues: "passive mode"
                                 }
                               })pb");
  EXPECT_TRUE(found.empty());
}

}  // namespace
}  // namespace surveyor::findings
