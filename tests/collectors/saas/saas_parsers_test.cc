// The SaaS parsers on the vendors' own published answers
// (tests/fixtures/saas/SOURCES.md) and on the quirks the reference lists.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "collectors/saas/graph_parsers.h"
#include "collectors/saas/slack_parsers.h"
#include "collectors/saas/vendor_json.h"
#include "tests/fixture.h"

namespace surveyor::collectors::saas {
namespace {

using testing::ReadFixture;

TEST(GraphParsersTest, SubscribedSkusFromTheDocs) {
  auto skus =
      ParseGraphSubscribedSkus(ReadFixture("saas/graph_subscribedskus.json"));
  ASSERT_TRUE(skus) << skus.error().reason;
  ASSERT_EQ(skus->size(), 1u);
  const auto& s = (*skus)[0];
  EXPECT_EQ(s.vendor, "microsoft365");
  EXPECT_EQ(s.sku_id, "c7df2760-2c81-4ef7-b578-5b5392b571df");
  EXPECT_EQ(s.sku_name, "ENTERPRISEPREMIUM");
  EXPECT_EQ(s.purchased, 25u);
  EXPECT_EQ(s.assigned, 14u);
  EXPECT_EQ(s.status, "Enabled");
}

TEST(GraphParsersTest, SkuQuirks) {
  // Counts as strings, seats in their grace period, Company SKUs, a
  // missing prepaidUnits.
  auto skus = ParseGraphSubscribedSkus(R"({"value":[
    {"appliesTo":"User","capabilityStatus":"Warning","consumedUnits":"3",
     "prepaidUnits":{"enabled":"5","warning":2},"skuId":"b",
     "skuPartNumber":"SPB"},
    {"appliesTo":"Company","consumedUnits":0,"prepaidUnits":{"enabled":1},
     "skuId":"c","skuPartNumber":"FLOW_FREE"},
    {"appliesTo":"User","consumedUnits":1,"skuId":"a"},
    {"appliesTo":"User","consumedUnits":-4,"skuId":"d"}, 7, null]})");
  ASSERT_TRUE(skus) << skus.error().reason;
  ASSERT_EQ(skus->size(), 3u);
  EXPECT_EQ((*skus)[0].sku_id, "a");
  EXPECT_EQ((*skus)[0].purchased, 0u);  // unknown, not invented
  EXPECT_EQ((*skus)[1].sku_id, "b");
  EXPECT_EQ((*skus)[1].purchased, 7u);
  EXPECT_EQ((*skus)[1].assigned, 3u);
  EXPECT_EQ((*skus)[2].assigned, 0u);  // a negative count is no count
  for (const char* bad : {"", "[]", "{\"value\":{}}", "{\"valu", "nul"}) {
    EXPECT_FALSE(ParseGraphSubscribedSkus(bad)) << bad;
  }
}

TEST(GraphParsersTest, UsersWithSignInActivityFromTheDocs) {
  auto page = ParseGraphUsersPage(ReadFixture("saas/graph_users_signin.json"));
  ASSERT_TRUE(page) << page.error().reason;
  ASSERT_EQ(page->users.size(), 2u);
  EXPECT_EQ(page->next_link, "");
  const auto& adele = page->users[0];
  EXPECT_EQ(adele.user_id, "1aecaf40-dc3a-461f-88a8-d06994e12898");
  EXPECT_EQ(adele.email, "AdeleV@contoso.com");
  EXPECT_TRUE(adele.enabled);
  // 0001-01-01T00:00:00Z is Graph's "never", not a date.
  EXPECT_EQ(adele.last_active, 1623948093);  // 2021-06-17T16:41:33Z
  // The latest of interactive and non-interactive.
  EXPECT_EQ(page->users[1].last_active,
            1627581222);  // 2021-07-29T17:53:42Z
}

TEST(GraphParsersTest, UsersWithLicencesFromTheDocs) {
  auto page =
      ParseGraphUsersPage(ReadFixture("saas/graph_users_licenses.json"));
  ASSERT_TRUE(page) << page.error().reason;
  ASSERT_EQ(page->users.size(), 2u);
  EXPECT_EQ(page->users[0].email, "admin@contoso.com");  // mail, no UPN
  ASSERT_EQ(page->users[1].sku_ids.size(), 1u);
  EXPECT_EQ(page->users[1].sku_ids[0], "cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46");
  // No signInActivity (no Entra ID P1): unknown, not "inactive".
  EXPECT_FALSE(page->users[0].last_active);
}

TEST(GraphParsersTest, PagingDisabledAccountsAndErrors) {
  auto page = ParseGraphUsersPage(R"({"value":[
      {"id":"u1","userPrincipalName":"gone@x.example","accountEnabled":false}],
      "@odata.nextLink":"https://graph.microsoft.com/v1.0/users?$top=5&$skiptoken=X%274453707"})");
  ASSERT_TRUE(page);
  EXPECT_FALSE(page->users[0].enabled);
  EXPECT_EQ(page->next_link,
            "https://graph.microsoft.com/v1.0/users?$top=5&$skiptoken=X%"
            "274453707");
  // A page may hold no users.
  EXPECT_TRUE(ParseGraphUsersPage(R"({"value":[]})")->users.empty());
  EXPECT_EQ(GraphErrorText(R"({"error":{"code":"TooManyRequests","message":
      "Too many requests.","innerError":{"date":"2024-01-01T00:00:00"}}})"),
            "TooManyRequests: Too many requests.");
  EXPECT_EQ(GraphErrorText("<html>"), "");
  EXPECT_EQ(OAuthErrorText(ReadFixture("saas/graph_token_error.json")),
            "invalid_request: AADSTS90011: Request is ambiguous, multiple "
            "application identifiers found. Application identifiers: "
            "'d2a5a471-2a1a-4e3a-9ecb-4f1a4b6e1b7a', "
            "'e9b5f0f4-5ee5-4e12-9e6b-2a30e6ff6c2f'.");
  auto token = ParseAccessToken(
      R"({"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"eyJ0"})");
  ASSERT_TRUE(token);
  EXPECT_EQ(token->token, "eyJ0");
  EXPECT_EQ(token->expires_in, 3599);
  EXPECT_FALSE(ParseAccessToken(R"({"token_type":"Bearer"})"));
}

TEST(SlackParsersTest, UsersListFromTheDocs) {
  auto r = ParseSlackUsersPage(ReadFixture("saas/slack_users_list.json"));
  auto* page = std::get_if<SlackUsersPage>(&r);
  ASSERT_NE(page, nullptr);
  ASSERT_EQ(page->users.size(), 1u);
  EXPECT_EQ(page->users[0].user_id, "W012A3CDE");
  EXPECT_EQ(page->users[0].email, "spengler@ghostbusters.example.com");
  EXPECT_TRUE(page->users[0].enabled);
  EXPECT_EQ(page->next_cursor, "dXNlcjpVMEc5V0ZYTlo=");
}

TEST(SlackParsersTest, BotsOutDeactivatedKeptRefusalsNamed) {
  auto r = ParseSlackUsersPage(R"({"ok":true,"members":[
      {"id":"USLACKBOT","name":"slackbot"},
      {"id":"B1","name":"deploybot","is_bot":true},
      {"id":"A1","name":"app","is_app_user":true},
      {"id":"U2","name":"leaver","deleted":true,"profile":{}}],
      "response_metadata":{"next_cursor":""}})");
  auto* page = std::get_if<SlackUsersPage>(&r);
  ASSERT_NE(page, nullptr);
  ASSERT_EQ(page->users.size(), 1u);
  EXPECT_EQ(page->users[0].email, "leaver");  // no users:read.email
  EXPECT_FALSE(page->users[0].enabled);
  EXPECT_EQ(page->next_cursor, "");

  auto refused =
      ParseSlackUsersPage(ReadFixture("saas/slack_invalid_cursor.json"));
  ASSERT_TRUE(std::holds_alternative<SlackRefusal>(refused));
  EXPECT_EQ(std::get<SlackRefusal>(refused).error, "invalid_cursor");
  for (const char* bad :
       {"{}", "[]", R"({"ok":"yes"})", R"({"ok":true})", "not json"}) {
    EXPECT_TRUE(std::holds_alternative<ParseError>(ParseSlackUsersPage(bad)))
        << bad;
  }
}

TEST(SlackParsersTest, BillableInfoFromTheDocs) {
  auto r = ParseSlackBillableInfo(ReadFixture("saas/slack_billable_info.json"));
  auto* page = std::get_if<SlackBillablePage>(&r);
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(
      page->billing_active,
      (std::map<std::string, bool>{{"U02UCPE1R", true}, {"U0632EWRW", false}}));
  EXPECT_EQ(page->next_cursor, "");
  auto bot = ParseSlackBillableInfo(R"({"ok":false,"error":"user_is_bot"})");
  EXPECT_EQ(std::get<SlackRefusal>(bot).error, "user_is_bot");
}

TEST(VendorJsonTest, CountsAndTimes) {
  auto count = [](const char* text) {
    auto v = boost::json::parse(text);
    return JsonCount(&v);
  };
  EXPECT_EQ(count("25"), 25u);
  EXPECT_EQ(count("\"25\""), 25u);
  EXPECT_EQ(count("25.0"), 25u);
  for (const char* bad : {"-1", "2.5", "\"25a\"", "\"\"", "4294967296", "true",
                          "null", "1e300"}) {
    EXPECT_FALSE(count(bad)) << bad;
  }
  auto time = [](const char* text) {
    auto v = boost::json::parse(text);
    return JsonTime(&v);
  };
  EXPECT_EQ(time("\"2021-06-17T16:41:33Z\""), 1623948093);
  EXPECT_FALSE(time("\"0001-01-01T00:00:00Z\""));
  EXPECT_FALSE(time("\"1970-01-01T00:00:00.000Z\""));
  EXPECT_FALSE(time("\"yesterday\""));
  EXPECT_FALSE(time("1623948093"));
}

}  // namespace
}  // namespace surveyor::collectors::saas
