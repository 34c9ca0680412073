// The connectors' call sequences on a scripted HTTP client: paging,
// throttling, an expired token, refusals, malformed pages, lost
// connections. Bodies are the vendors' published examples where one exists
// (tests/fixtures/saas/SOURCES.md).
#include <gtest/gtest.h>

#include "collectors/saas/connector.h"
#include "tests/fakes/fake_http_client.h"
#include "tests/fixture.h"

namespace surveyor::collectors::saas {
namespace {

using std::chrono::seconds;
using testing::FakeHttpClient;
using testing::ReadFixture;
using testing::RecordingWaiter;

constexpr const char* kToken =
    R"({"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"tok1"})";
constexpr const char* kToken2 =
    R"({"token_type":"Bearer","expires_in":3599,"access_token":"tok2"})";

ConnectorSettings Graph() {
  ConnectorSettings s;
  s.name = "acme-m365";
  s.tenant_id = "contoso.onmicrosoft.com";
  s.client_id = "client";
  s.secret = "s3cret&=";
  return s;
}

std::string UsersPage(const std::string& id, const std::string& next) {
  std::string page =
      R"({"value":[{"id":")" + id + R"(","userPrincipalName":")" + id +
      R"(@contoso.com","accountEnabled":true,"assignedLicenses":[{"disabledPlans":[],"skuId":"c7df2760-2c81-4ef7-b578-5b5392b571df"}]}])";
  if (!next.empty()) page += R"(,"@odata.nextLink":")" + next + "\"";
  return page + "}";
}

TEST(Microsoft365ConnectorTest, PagesThrottlingAndAnExpiredToken) {
  FakeHttpClient http;
  RecordingWaiter waiter;
  http.Then(200, kToken);
  http.Then(200, ReadFixture("saas/graph_subscribedskus.json"));
  http.Then(
      200,
      UsersPage("u1",
                "https://graph.microsoft.com/v1.0/users?$skiptoken=X%27A%27"));
  http.Then(429, R"({"error":{"code":"TooManyRequests","message":"slow"}})",
            seconds(7));
  http.Then(
      401,
      R"({"error":{"code":"InvalidAuthenticationToken","message":"Lifetime validation failed, the token is expired."}})");
  http.Then(200, kToken2);
  http.Then(200, UsersPage("u2", ""));
  auto r = RunMicrosoft365(Graph(), http, waiter);
  EXPECT_FALSE(r.partial);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  EXPECT_EQ(http.left(), 0u);
  ASSERT_EQ(r.seats.size(), 1u);
  EXPECT_EQ(r.seats[0].purchased, 25u);
  ASSERT_EQ(r.people.size(), 2u);
  EXPECT_EQ(r.people[1].email, "u2@contoso.com");
  EXPECT_EQ(waiter.waits, std::vector<seconds>{seconds(7)});

  // The token request: form-encoded, the secret escaped, never in the URL.
  const auto& token = http.calls[0];
  EXPECT_EQ(token.method, "POST");
  EXPECT_EQ(token.url,
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/"
            "oauth2/v2.0/token");
  EXPECT_NE(token.body.find("client_secret=s3cret%26%3D"), std::string::npos);
  EXPECT_NE(token.body.find("grant_type=client_credentials"),
            std::string::npos);
  // Users with sign-in activity, the next page exactly as given, and the
  // new token after the 401.
  EXPECT_NE(http.calls[2].url.find("signInActivity"), std::string::npos);
  EXPECT_EQ(http.calls[3].url,
            "https://graph.microsoft.com/v1.0/users?$skiptoken=X%27A%27");
  EXPECT_EQ(http.calls[6].url, http.calls[3].url);
  EXPECT_EQ(http.calls[6].headers[0].second, "Bearer tok2");
}

TEST(Microsoft365ConnectorTest, WithoutEntraP1ActivityIsUnknownNotInactive) {
  FakeHttpClient http;
  RecordingWaiter waiter;
  http.Then(200, kToken);
  http.Then(200, ReadFixture("saas/graph_subscribedskus.json"));
  http.Then(
      403,
      R"({"error":{"code":"Authentication_RequestFromNonPremiumTenantOrB2CTenant","message":"Neither tenant is B2C or tenant doesn't have premium license"}})");
  http.Then(200, ReadFixture("saas/graph_users_licenses.json"));
  auto r = RunMicrosoft365(Graph(), http, waiter);
  EXPECT_FALSE(r.partial);
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("HTTP 403: Authentication_RequestFromNonPremium"),
            std::string::npos)
      << r.notes[0];
  EXPECT_EQ(http.calls[3].url.find("signInActivity"), std::string::npos);
  ASSERT_EQ(r.people.size(), 2u);
  EXPECT_FALSE(r.people[0].last_active);
}

TEST(Microsoft365ConnectorTest, FailuresAreNamedAndMarkThePartialListing) {
  {  // A bad secret: nothing else is asked.
    FakeHttpClient http;
    RecordingWaiter waiter;
    http.Then(401, ReadFixture("saas/graph_token_error.json"));
    auto r = RunMicrosoft365(Graph(), http, waiter);
    EXPECT_TRUE(r.partial);
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].rfind("microsoft365 token: HTTP 401: "
                                "invalid_request: AADSTS90011",
                                0),
              0u)
        << r.errors[0];
    EXPECT_EQ(http.calls.size(), 1u);
  }
  {  // A malformed second page, then a lost connection on another run.
    FakeHttpClient http;
    RecordingWaiter waiter;
    http.Then(200, kToken);
    http.Then(200, ReadFixture("saas/graph_subscribedskus.json"));
    http.Then(200, UsersPage("u1", "https://graph.microsoft.com/next"));
    http.Then(200, R"({"value":[{"id":"u2")");
    auto r = RunMicrosoft365(Graph(), http, waiter);
    EXPECT_TRUE(r.partial);
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].rfind("microsoft365 users: page 2: users page is "
                                "not valid JSON",
                                0),
              0u)
        << r.errors[0];
    EXPECT_EQ(r.people.size(), 1u);  // what was read is kept, marked partial
  }
  {
    FakeHttpClient http;
    RecordingWaiter waiter;
    http.Then(200, kToken);
    http.ThenFail(common::Error{common::ErrorCode::kIo,
                                "graph.microsoft.com: connection reset"});
    http.ThenFail(common::Error{common::ErrorCode::kResourceExhausted,
                                "timed out after 60 s"});
    auto r = RunMicrosoft365(Graph(), http, waiter);
    EXPECT_TRUE(r.partial);
    ASSERT_EQ(r.errors.size(), 2u);
    EXPECT_EQ(r.errors[0],
              "microsoft365 subscribedSkus: graph.microsoft.com: connection "
              "reset");
    EXPECT_EQ(r.errors[1], "microsoft365 users: timed out after 60 s");
  }
}

TEST(ThrottleTest, RetryAfterHonouredCappedAndGivenUp) {
  FakeHttpClient http;
  RecordingWaiter waiter;
  for (int i = 0; i < 6; ++i) http.Then(429, "", seconds(i == 1 ? 900 : 3));
  ThrottlePolicy policy;
  auto sent = SendThrottled(http, waiter, HttpCall{"GET", "https://x/", {}, ""},
                            policy);
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->reply.status, 429);
  EXPECT_EQ(sent->attempts, 5);
  // 900 s is cut to the longest wait; the fifth refusal is the answer.
  EXPECT_EQ(waiter.waits, (std::vector<seconds>{seconds(3), seconds(120),
                                                seconds(3), seconds(3)}));
  // Without Retry-After: 1, 2, 4 s; a 503 counts too; then success.
  FakeHttpClient http2;
  RecordingWaiter waiter2;
  http2.Then(503, "");
  http2.Then(429, "");
  http2.Then(429, "");
  http2.Then(200, "ok");
  auto ok = SendThrottled(http2, waiter2, HttpCall{}, policy);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->reply.body, "ok");
  EXPECT_EQ(waiter2.waits,
            (std::vector<seconds>{seconds(1), seconds(2), seconds(4)}));
  // Google-style refusals recognised by the body.
  FakeHttpClient http3;
  RecordingWaiter waiter3;
  http3.Then(403,
             R"({"error":{"errors":[{"reason":"userRateLimitExceeded"}]}})");
  http3.Then(200, "ok");
  policy.rate_limited = [](const HttpReply& r) {
    return r.status == 403 &&
           r.body.find("userRateLimitExceeded") != std::string::npos;
  };
  EXPECT_EQ(SendThrottled(http3, waiter3, HttpCall{}, policy)->reply.body,
            "ok");
  EXPECT_EQ(UrlEncode("dXNlcjpVMEc5V0ZYTlo= a/b"),
            "dXNlcjpVMEc5V0ZYTlo%3D%20a%2Fb");
}

TEST(SlackConnectorTest, PagesBilledSeatsAndRefusals) {
  ConnectorSettings s;
  s.secret = "xoxp-1";
  s.base_url = "https://127.0.0.1:9443/";
  FakeHttpClient http;
  RecordingWaiter waiter;
  http.Then(200, ReadFixture("saas/slack_users_list.json"));
  http.Then(429, R"({"ok":false,"error":"ratelimited"})", seconds(30));
  http.Then(200, R"({"ok":true,"members":[{"id":"U02UCPE1R","name":"ray",
      "profile":{"email":"ray@ghostbusters.example.com"}},
      {"id":"U0632EWRW","name":"egon","deleted":true}],
      "response_metadata":{"next_cursor":""}})");
  http.Then(200, ReadFixture("saas/slack_billable_info.json"));
  auto r = RunSlack(s, http, waiter);
  EXPECT_FALSE(r.partial);
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.people.size(), 3u);
  ASSERT_EQ(r.seats.size(), 1u);
  EXPECT_EQ(r.seats[0].assigned, 1u);  // one billing_active
  EXPECT_EQ(r.people[0].user_id, "U02UCPE1R");
  EXPECT_EQ(r.people[0].sku_ids, std::vector<std::string>{"slack"});
  EXPECT_FALSE(r.people[1].enabled);  // egon, deactivated
  EXPECT_EQ(http.calls[0].url,
            "https://127.0.0.1:9443/api/users.list?limit=200");
  EXPECT_EQ(http.calls[1].url,
            "https://127.0.0.1:9443/api/users.list?limit=200&cursor="
            "dXNlcjpVMEc5V0ZYTlo%3D");
  EXPECT_EQ(http.calls[0].headers[0].second, "Bearer xoxp-1");
  EXPECT_EQ(waiter.waits, std::vector<seconds>{seconds(30)});

  // A bot token reads people but not billing: named, partial, no seats.
  FakeHttpClient bot;
  bot.Then(200, R"({"ok":true,"members":[],"response_metadata":{}})");
  bot.Then(200, R"({"ok":false,"error":"user_is_bot"})");
  auto b = RunSlack(s, bot, waiter);
  EXPECT_TRUE(b.partial);
  EXPECT_TRUE(b.seats.empty());
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_EQ(b.errors[0], "slack team.billableInfo: user_is_bot");
  // A revoked token: HTTP 200 with ok:false.
  FakeHttpClient revoked;
  revoked.Then(200, R"({"ok":false,"error":"invalid_auth"})");
  revoked.Then(200, R"({"ok":false,"error":"invalid_auth"})");
  auto v = RunSlack(s, revoked, waiter);
  EXPECT_EQ(v.errors[0], "slack users.list: invalid_auth");
}

}  // namespace
}  // namespace surveyor::collectors::saas
