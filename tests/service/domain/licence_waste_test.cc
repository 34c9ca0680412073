#include "service/domain/licence_waste.h"

#include <gtest/gtest.h>

namespace surveyor::service {
namespace {

constexpr std::int64_t kNow = 1796479200;  // 2026-12-05T14:00:00Z
constexpr std::int64_t kDay = 86400;

v1::SaasUser Person(const std::string& vendor, const std::string& id,
                    const std::string& email, bool enabled,
                    std::vector<std::string> skus,
                    std::optional<std::int64_t> last_active) {
  v1::SaasUser u;
  u.set_vendor(vendor);
  u.set_user_id(id);
  u.set_email(email);
  u.set_enabled(enabled);
  for (auto& s : skus) u.add_sku_ids(s);
  if (last_active) u.mutable_last_active()->set_seconds(*last_active);
  return u;
}

v1::SaasLicenses Tenant() {
  v1::SaasLicenses s;
  auto* e3 = s.add_subscriptions();
  e3->set_vendor("microsoft365");
  e3->set_sku_id("e3");
  e3->set_sku_name("SPE_E3");
  e3->set_purchased(10);
  e3->set_assigned(4);
  auto* slack = s.add_subscriptions();
  slack->set_vendor("slack");
  slack->set_sku_id("slack");
  slack->set_assigned(2);  // purchased unknown
  *s.add_users() = Person("microsoft365", "m1", "Ann@Acme.example", true,
                          {"e3"}, kNow - 3 * kDay);
  *s.add_users() = Person("microsoft365", "m2", "bob@acme.example", true,
                          {"e3"}, kNow - 90 * kDay);  // inactive
  *s.add_users() = Person("microsoft365", "m3", "carol@acme.example", false,
                          {"e3"}, kNow - 200 * kDay);  // left, seat kept
  *s.add_users() = Person("microsoft365", "m4", "dan@acme.example", true,
                          {"e3"}, std::nullopt);  // unknown: not inactive
  *s.add_users() =
      Person("slack", "s1", "ann@acme.example", true, {"slack"}, std::nullopt);
  *s.add_users() = Person("slack", "s3", "CAROL@acme.example", true, {"slack"},
                          std::nullopt);  // still in Slack
  *s.add_users() =
      Person("slack", "s9", "eve@acme.example", false, {}, std::nullopt);
  return s;
}

TEST(LicenceWasteTest, UnassignedDisabledInactiveAndUnknown) {
  auto a = AnalyseSaas({Tenant()}, {kNow, 60});
  ASSERT_EQ(a.subscriptions.size(), 2u);
  const auto& e3 = a.subscriptions[0];
  EXPECT_EQ(e3.sku_name, "SPE_E3");
  EXPECT_EQ(e3.unassigned, 6u);
  ASSERT_EQ(e3.disabled.size(), 1u);
  EXPECT_EQ(e3.disabled[0].user_id, "m3");
  ASSERT_EQ(e3.inactive.size(), 1u);
  EXPECT_EQ(e3.inactive[0].email, "bob@acme.example");
  EXPECT_EQ(e3.active, 1u);  // ann; dan's activity is unknown
  EXPECT_EQ(e3.wasted(), 8u);
  const auto& slack = a.subscriptions[1];
  EXPECT_EQ(slack.unassigned, 0u);  // nothing invented without a purchase
  EXPECT_FALSE(slack.active);       // no activity known at all
  EXPECT_EQ(slack.wasted(), 0u);
  // A longer threshold makes bob active.
  EXPECT_EQ(
      AnalyseSaas({Tenant()}, {kNow, 120}).subscriptions[0].inactive.size(),
      0u);
}

TEST(LicenceWasteTest, OffboardingGapsAcrossVendorsByEmail) {
  auto a = AnalyseSaas({Tenant()}, {kNow, 60});
  ASSERT_EQ(a.gaps.size(), 1u);
  EXPECT_EQ(a.gaps[0].email, "carol@acme.example");
  EXPECT_EQ(a.gaps[0].disabled_in, "microsoft365");
  EXPECT_EQ(a.gaps[0].still_active, std::vector<std::string>{"slack"});
  // Disabled in Slack only (not an identity provider): no gap.
  v1::SaasLicenses only_slack;
  *only_slack.add_users() =
      Person("slack", "s1", "x@acme.example", false, {}, std::nullopt);
  *only_slack.add_users() =
      Person("microsoft365", "m1", "x@acme.example", true, {}, std::nullopt);
  EXPECT_TRUE(AnalyseSaas({only_slack}, {kNow, 60}).gaps.empty());
  EXPECT_TRUE(AnalyseSaas({}, {kNow, 60}).subscriptions.empty());
}

TEST(LicenceWasteTest, ActivityOfOneSkuSaysNothingOfTheOthers) {
  v1::SaasLicenses s;
  for (const char* sku : {"github-plan", "copilot-business"}) {
    auto* sub = s.add_subscriptions();
    sub->set_vendor("github");
    sub->set_sku_id(sku);
    sub->set_purchased(1);
    sub->set_assigned(1);
  }
  auto mona = Person("github", "3", "mona", true,
                     {"github-plan", "copilot-business"}, kNow - 120 * kDay);
  mona.add_activity_sku_ids("copilot-business");
  *s.add_users() = mona;
  auto a = AnalyseSaas({s}, {kNow, 60});
  ASSERT_EQ(a.subscriptions.size(), 2u);
  EXPECT_EQ(a.subscriptions[0].sku_id, "copilot-business");
  EXPECT_EQ(a.subscriptions[0].inactive.size(), 1u);
  EXPECT_EQ(a.subscriptions[1].sku_id, "github-plan");
  EXPECT_TRUE(a.subscriptions[1].inactive.empty());  // unknown there
  EXPECT_FALSE(a.subscriptions[1].active);
}

TEST(LicenceWasteTest, ClientsOfVendorsWithoutAConnector) {
  v1::SaasLicenses s = Tenant();
  auto* run = s.add_connectors();
  run->set_name("m365");
  run->set_vendor("microsoft365");
  auto* slack = s.add_connectors();
  slack->set_name("slack");
  slack->set_vendor("slack");
  const std::vector<SaasClientInstall> installs = {
      {"dropbox", "dropbox", "Dropbox", 2, {"pc1", "pc2"}},
      {"slack", "slack", "Slack", 5, {"pc1"}},
      {"microsoft365", "onedrive", "Microsoft OneDrive", 1, {"pc3"}},
      {"zoom", "zoom", "Zoom Workplace", 1, {"pc2"}},
      {"box", "box-drive", "Box Drive", 0, {}},  // gone from every host
  };
  auto a = AnalyseSaas({s}, {kNow, 60}, installs);
  ASSERT_EQ(a.unconnected.size(), 2u);
  EXPECT_EQ(a.unconnected[0].vendor, "dropbox");
  EXPECT_EQ(a.unconnected[0].clients[0].hosts, 2);
  EXPECT_EQ(a.unconnected[1].vendor, "zoom");
  // A tenant that runs no connector does not watch SaaS: nothing to say.
  EXPECT_TRUE(AnalyseSaas({}, {kNow, 60}, installs).unconnected.empty());
}

TEST(LicenceWasteTest, ContractSeatsPriceAndRenewal) {
  v1::SaasContracts contracts = *ParseSaasContracts(
      "contracts { vendor: \"slack\" sku_id: \"slack\" purchased: 5 "
      "price_per_seat_month: \"8.75\" currency: \"USD\" "
      "renewal_date: \"2026-12-20\" notice_days: 30 }\n"
      "contracts { vendor: \"microsoft365\" sku_id: \"SPE_E3\" "
      "renewal_date: \"2027-06-01\" }",
      "c");
  WasteOptions options{kNow, 60};
  options.contracts = &contracts;
  auto a = AnalyseSaas({Tenant()}, options);
  const auto& e3 = a.subscriptions[0];
  EXPECT_EQ(e3.purchased_from, "api");   // the API's figure wins
  EXPECT_FALSE(e3.waste_cents_month());  // no price anywhere
  EXPECT_FALSE(e3.renewal_due);          // notice starts 2027-05-02
  const auto& slack = a.subscriptions[1];
  EXPECT_EQ(slack.purchased, 5u);
  EXPECT_EQ(slack.purchased_from, "contract");
  EXPECT_EQ(slack.unassigned, 3u);
  EXPECT_EQ(slack.waste_cents_month(), 3 * 875);
  EXPECT_TRUE(slack.renewal_due);  // 2026-12-05 is within 30 days
  // After the renewal date the notice is over.
  options.now = kNow + 20 * kDay;
  EXPECT_FALSE(AnalyseSaas({Tenant()}, options).subscriptions[1].renewal_due);
}

TEST(LicenceWasteTest, PaidOverlapPerCategory) {
  v1::SaasLicenses s = Tenant();
  auto* zoom = s.add_subscriptions();
  zoom->set_vendor("zoom");
  zoom->set_sku_id("plan_base");
  zoom->set_assigned(3);
  auto* dropbox = s.add_subscriptions();
  dropbox->set_vendor("dropbox");
  dropbox->set_sku_id("dropbox-team");
  dropbox->set_assigned(0);  // nobody holds it: not paid for in use
  const std::map<std::string, std::set<std::string>> categories = {
      {"microsoft365", {"conferencing", "file-sharing"}},
      {"zoom", {"conferencing"}},
      {"slack", {"chat"}},
      {"dropbox", {"file-sharing"}}};
  WasteOptions options{kNow, 60};
  options.vendor_categories = &categories;
  auto a = AnalyseSaas({s}, options);
  ASSERT_EQ(a.overlaps.size(), 1u);
  EXPECT_EQ(a.overlaps[0].category, "conferencing");
  EXPECT_EQ(a.overlaps[0].vendors,
            (std::vector<std::pair<std::string, std::uint32_t>>{
                {"microsoft365", 4}, {"zoom", 3}}));
}

TEST(LicenceWasteTest, PeopleProvisionedWithinTheThresholdAreNotInactive) {
  v1::SaasLicenses s = Tenant();
  // bob (90 days without a sign-in) was provisioned 30 days ago: his old
  // sign-in is from a previous life of the account, not waste yet.
  for (auto& u : *s.mutable_users()) {
    if (u.user_id() == "m2")
      u.mutable_created_at()->set_seconds(kNow - 30 * kDay);
  }
  auto a = AnalyseSaas({s}, {kNow, 60});
  EXPECT_TRUE(a.subscriptions[0].inactive.empty());
  EXPECT_EQ(a.inactive_days, 60);
  // Provisioned before the threshold: inactive as before.
  for (auto& u : *s.mutable_users()) {
    if (u.user_id() == "m2")
      u.mutable_created_at()->set_seconds(kNow - 300 * kDay);
  }
  EXPECT_EQ(AnalyseSaas({s}, {kNow, 60}).subscriptions[0].inactive.size(), 1u);
}

}  // namespace
}  // namespace surveyor::service
