// The GitHub, Zoom and Okta parsers and the header readers on the vendors'
// published answers (tests/fixtures/saas/SOURCES.md) and on the quirks
// the reference's §11 lists.
#include <gtest/gtest.h>

#include "collectors/saas/github_parsers.h"
#include "collectors/saas/google_parsers.h"
#include "collectors/saas/http_headers.h"
#include "collectors/saas/okta_parsers.h"
#include "collectors/saas/pseudonyms.h"
#include "collectors/saas/zoom_parsers.h"
#include "common/time_util.h"
#include "tests/fixture.h"

namespace surveyor::collectors::saas {
namespace {

using testing::ReadFixture;

TEST(GitHubParsersTest, OrganisationPlanFromTheDocs) {
  auto plan = ParseGitHubOrg(ReadFixture("saas/github_org.json"));
  ASSERT_TRUE(plan) << plan.error().reason;
  ASSERT_TRUE(plan->has_value());
  EXPECT_EQ((*plan)->sku_id, "github-plan");
  EXPECT_EQ((*plan)->sku_name, "GitHub Medium");
  EXPECT_EQ((*plan)->purchased, 5u);
  EXPECT_EQ((*plan)->assigned, 4u);
  // Not an owner: no plan in the answer, which is no error.
  auto hidden = ParseGitHubOrg(R"({"login":"github","id":1})");
  ASSERT_TRUE(hidden);
  EXPECT_FALSE(hidden->has_value());
  EXPECT_FALSE(ParseGitHubOrg("[]"));
}

TEST(GitHubParsersTest, MembersFromTheDocs) {
  auto members = ParseGitHubMembers(ReadFixture("saas/github_members.json"));
  ASSERT_TRUE(members) << members.error().reason;
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ((*members)[0].user_id, "1");
  EXPECT_EQ((*members)[0].email, "octocat");
  EXPECT_EQ((*members)[0].sku_ids, std::vector<std::string>{"github-plan"});
  EXPECT_FALSE((*members)[0].last_active);  // GitHub does not say: unknown
  EXPECT_FALSE(ParseGitHubMembers(R"({"message":"Not Found"})"));
  EXPECT_FALSE(ParseGitHubMembers(R"([{"login":"x"}])"));
}

TEST(GitHubParsersTest, CopilotBillingAndSeatsFromTheDocs) {
  auto billing = ParseGitHubCopilotBilling(
      ReadFixture("saas/github_copilot_billing.json"));
  ASSERT_TRUE(billing) << billing.error().reason;
  EXPECT_EQ(billing->sku_id, "copilot-business");
  EXPECT_EQ(billing->sku_name, "GitHub Copilot Business");
  EXPECT_EQ(billing->purchased, 12u);
  EXPECT_EQ(billing->assigned, 12u);

  auto seats =
      ParseGitHubCopilotSeats(ReadFixture("saas/github_copilot_seats.json"));
  ASSERT_TRUE(seats) << seats.error().reason;
  EXPECT_EQ(seats->total_seats, 2u);
  ASSERT_EQ(seats->holders.size(), 2u);
  EXPECT_EQ(seats->holders[0].email, "octocat");
  // "2021-10-14T00:53:32-06:00": an offset, not Z.
  EXPECT_EQ(seats->holders[0].last_active,
            common::ParseRfc3339("2021-10-14T06:53:32Z"));
  EXPECT_EQ(seats->holders[0].sku_ids,
            std::vector<std::string>{"copilot-business"});
  // Copilot activity speaks for the Copilot seat only.
  EXPECT_EQ(seats->holders[0].activity_sku_ids,
            std::vector<std::string>{"copilot-business"});
  // The second published seat has no plan_type: business is assumed.
  EXPECT_EQ(seats->holders[1].sku_ids,
            std::vector<std::string>{"copilot-business"});

  // A seat whose account was deleted has "assignee": null.
  auto orphan = ParseGitHubCopilotSeats(
      R"({"total_seats":1,"seats":[{"created_at":"2021-09-23T18:00:00-06:00","assignee":null}]})");
  ASSERT_TRUE(orphan);
  EXPECT_TRUE(orphan->holders.empty());
  EXPECT_EQ(orphan->without_assignee, 1u);
  EXPECT_EQ(
      GitHubErrorText(
          R"({"message":"API rate limit exceeded for user ID 1.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"})"),
      "API rate limit exceeded for user ID 1.");
}

TEST(ZoomParsersTest, UsersFromTheDocs) {
  auto page = ParseZoomUsersPage(ReadFixture("saas/zoom_users.json"));
  ASSERT_TRUE(page) << page.error().reason;
  EXPECT_EQ(page->next_page_token, "8V8HigQkzm2O5r9RUn31D9ZyJHgrmFfbLa2");
  ASSERT_EQ(page->users.size(), 1u);
  const auto& u = page->users[0];
  EXPECT_EQ(u.user_id, "KDcuGIm1QgePTO8WbOqwIQ");
  EXPECT_EQ(u.email, "jchill@example.com");
  EXPECT_TRUE(u.enabled);
  EXPECT_TRUE(u.sku_ids.empty());  // type 1: Basic, no paid seat
  EXPECT_EQ(u.last_active, common::ParseRfc3339("2022-03-25T05:40:55Z"));

  auto more = ParseZoomUsersPage(
      R"({"next_page_token":"","users":[{"id":"a","email":"a@x","type":2,"status":"inactive"},{"id":"b","email":"b@x","type":"2","status":"pending"}]})");
  ASSERT_TRUE(more);
  EXPECT_EQ(more->next_page_token, "");
  EXPECT_FALSE(more->users[0].enabled);  // deactivated
  EXPECT_EQ(more->users[0].sku_ids, std::vector<std::string>{"plan_base"});
  EXPECT_TRUE(more->users[1].enabled);
  EXPECT_EQ(more->users[1].sku_ids, std::vector<std::string>{"plan_base"});
  EXPECT_FALSE(more->users[1].last_active);
  EXPECT_FALSE(ParseZoomUsersPage(R"({"users":[{"email":"x"}]})"));
  EXPECT_FALSE(ParseZoomUsersPage(R"({"code":124})"));
}

TEST(ZoomParsersTest, PlanBaseAsObjectOrArray) {
  // Current docs: plan_base is an object.
  auto object = ParseZoomPlanUsage(
      R"({"plan_base":{"type":"monthly","hosts":10,"usage":7,"pending":0},"plan_webinar":[{"type":"webinar500","hosts":1,"usage":1}],"plan_recording":{"free_storage":"0","plan_storage":"1TB"}})");
  ASSERT_TRUE(object) << object.error().reason;
  ASSERT_EQ(object->size(), 2u);
  EXPECT_EQ((*object)[0].sku_id, "plan_base");
  EXPECT_EQ((*object)[0].sku_name, "Zoom Meetings (monthly)");
  EXPECT_EQ((*object)[0].purchased, 10u);
  EXPECT_EQ((*object)[0].assigned, 7u);
  EXPECT_EQ((*object)[1].sku_id, "plan_webinar:webinar500");
  // The generated SDK: an array; counts as strings.
  auto array = ParseZoomPlanUsage(
      R"({"plan_base":[{"type":"yearly","hosts":"25","usage":"20"}]})");
  ASSERT_TRUE(array) << array.error().reason;
  ASSERT_EQ(array->size(), 1u);
  EXPECT_EQ((*array)[0].sku_id, "plan_base");
  EXPECT_EQ((*array)[0].purchased, 25u);
  EXPECT_EQ((*array)[0].assigned, 20u);
  EXPECT_FALSE(ParseZoomPlanUsage(R"({"plan_recording":{}})"));
  EXPECT_EQ(ZoomErrorText(ReadFixture("saas/zoom_rate_limit.json")),
            "429: You have reached the maximum per-second rate limit for "
            "this API. Try again later.");
}

TEST(OktaParsersTest, UsersFromTheDocsAndStatuses) {
  auto users = ParseOktaUsers(ReadFixture("saas/okta_users.json"));
  ASSERT_TRUE(users) << users.error().reason;
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ((*users)[0].user_id, "00ub0oNGTSWTBKOLGLNR");
  EXPECT_EQ((*users)[0].email, "isaac.brock@example.com");
  EXPECT_TRUE((*users)[0].enabled);
  EXPECT_EQ((*users)[0].sku_ids, std::vector<std::string>{"okta"});
  EXPECT_EQ((*users)[0].last_active,
            common::ParseRfc3339("2013-06-24T17:39:19Z"));

  auto statuses = ParseOktaUsers(
      R"([{"id":"1","status":"SUSPENDED","lastLogin":null,"profile":{"login":"s@x"}},
          {"id":"2","status":"DEPROVISIONED","profile":{"login":"d@x"}},
          {"id":"3","status":"LOCKED_OUT","profile":{"email":"l@x"}}])");
  ASSERT_TRUE(statuses);
  EXPECT_FALSE((*statuses)[0].enabled);
  EXPECT_EQ((*statuses)[0].sku_ids.size(), 1u);  // suspended: still billed
  EXPECT_FALSE((*statuses)[0].last_active);
  EXPECT_FALSE((*statuses)[1].enabled);
  EXPECT_TRUE((*statuses)[1].sku_ids.empty());
  EXPECT_TRUE((*statuses)[2].enabled);
  EXPECT_EQ((*statuses)[2].email, "l@x");
  // Okta has no envelope: an object is an error body, not a page.
  EXPECT_FALSE(ParseOktaUsers(ReadFixture("saas/okta_rate_limit.json")));
  EXPECT_EQ(OktaErrorText(ReadFixture("saas/okta_rate_limit.json")),
            "E0000047: API call exceeded rate limit due to too many requests.");
}

TEST(GoogleParsersTest, DirectoryUsersAndLicencesFromTheDocs) {
  auto page =
      ParseGoogleUsersPage(ReadFixture("saas/google_directory_users.json"));
  ASSERT_TRUE(page) << page.error().reason;
  EXPECT_EQ(page->next_page_token, "Q0FFU0dnNV9fXzhH");
  ASSERT_EQ(page->users.size(), 2u);
  EXPECT_EQ(page->users[0].email, "alice@example.com");
  EXPECT_TRUE(page->users[0].enabled);
  EXPECT_EQ(page->users[0].last_active,
            common::ParseRfc3339("2024-05-01T12:00:00Z"));
  EXPECT_FALSE(page->users[1].enabled);      // suspended
  EXPECT_FALSE(page->users[1].last_active);  // 1970: never, unknown
  auto archived = ParseGoogleUsersPage(
      R"({"users":[{"id":"1","primaryEmail":"x@y","archived":true}]})");
  ASSERT_TRUE(archived);
  EXPECT_FALSE(archived->users[0].enabled);
  EXPECT_TRUE(ParseGoogleUsersPage(R"({"kind":"admin#directory#users"})")
                  ->users.empty());  // no users: no array at all

  auto licences = ParseGoogleLicensePage(
      ReadFixture("saas/google_license_assignments.json"));
  ASSERT_TRUE(licences) << licences.error().reason;
  ASSERT_EQ(licences->items.size(), 1u);
  EXPECT_EQ(licences->items[0].user, "alice@example.com");
  EXPECT_EQ(licences->items[0].sku_id, "1010020028");
  EXPECT_EQ(licences->items[0].sku_name, "Google Workspace Business Standard");
  EXPECT_FALSE(ParseGoogleLicensePage(R"({"items":[{"skuId":"1"}]})"));

  HttpReply limited{403, ReadFixture("saas/google_rate_limit.json"), {}, {}};
  EXPECT_TRUE(IsGoogleRateLimited(limited));
  EXPECT_EQ(GoogleErrorText(limited.body).rfind("userRateLimitExceeded: ", 0),
            0u);
  HttpReply forbidden{
      403,
      R"({"error":{"code":403,"message":"Not Authorized to access this resource/api","errors":[{"domain":"global","reason":"forbidden"}]}})",
      {},
      {}};
  EXPECT_FALSE(IsGoogleRateLimited(forbidden));
  EXPECT_EQ(GoogleErrorText(forbidden.body),
            "forbidden: Not Authorized to access this resource/api");
}

TEST(GoogleParsersTest, ResellerSeatsByPlan) {
  auto page = ParseGoogleResellerPage(
      R"({"kind":"reseller#subscriptions","subscriptions":[{"kind":"reseller#subscription","customerId":"C01","subscriptionId":"1","skuId":"1010020028","skuName":"Google Workspace Business Standard","plan":{"planName":"ANNUAL_MONTHLY_PAY","isCommitmentPlan":true},"seats":{"kind":"subscriptions#seats","numberOfSeats":10,"licensedNumberOfSeats":8},"status":"ACTIVE"},{"skuId":"1010020025","plan":{"planName":"FLEXIBLE","isCommitmentPlan":false},"seats":{"maximumNumberOfSeats":"5","licensedNumberOfSeats":5},"status":"ACTIVE"}],"nextPageToken":"n2"})");
  ASSERT_TRUE(page) << page.error().reason;
  ASSERT_EQ(page->subscriptions.size(), 2u);
  EXPECT_EQ(page->subscriptions[0].purchased,
            10u);  // commitment: numberOfSeats
  EXPECT_EQ(page->subscriptions[0].licensed, 8u);
  EXPECT_EQ(page->subscriptions[1].purchased, 5u);  // flexible: the maximum
  EXPECT_EQ(page->next_page_token, "n2");
  EXPECT_FALSE(ParseGoogleResellerPage(R"({"subscriptions":[{"seats":{}}]})"));
}

TEST(PseudonymsTest, KeyedHmacOfTheLowerCasedValue) {
  // RFC 4231 test case 2: HMAC-SHA-256("Jefe", "what do ya want for
  // nothing?") = 5bdcc146bf60754e6a042426089575c7 5a003f08...
  EXPECT_EQ(Pseudonym("Jefe", "what do ya want for nothing?"),
            "p:5bdcc146bf60754e6a042426089575c7");
  EXPECT_EQ(Pseudonym("Jefe", "WHAT do ya want for nothing?"),
            "p:5bdcc146bf60754e6a042426089575c7");
  EXPECT_NE(Pseudonym("another key", "what do ya want for nothing?"),
            Pseudonym("Jefe", "what do ya want for nothing?"));
  EXPECT_EQ(Pseudonym("Jefe", ""), "");
  Person p;
  p.user_id = "U0GONE";
  p.email = "Gone@Contoso.com";
  Pseudonymize("k", p);
  EXPECT_EQ(p.email, Pseudonym("k", "gone@contoso.com"));
  EXPECT_EQ(p.user_id, Pseudonym("k", "u0gone"));
}

HttpReply WithHeaders(
    std::vector<std::pair<std::string, std::string>> headers) {
  HttpReply r;
  r.status = 200;
  r.headers = std::move(headers);
  return r;
}

TEST(HttpHeadersTest, NextLinkInEveryPublishedForm) {
  // GitHub: one header, comma-joined (docs example).
  EXPECT_EQ(
      NextLink(WithHeaders(
          {{"link",
            "<https://api.github.com/repositories/1300192/issues?page=2>; "
            "rel=\"prev\", "
            "<https://api.github.com/repositories/1300192/issues?page=4>; "
            "rel=\"next\", "
            "<https://api.github.com/repositories/1300192/issues?page=515>; "
            "rel=\"last\", "
            "<https://api.github.com/repositories/1300192/issues?page=1>; "
            "rel=\"first\""}})),
      "https://api.github.com/repositories/1300192/issues?page=4");
  // Okta: one header line per rel.
  EXPECT_EQ(NextLink(WithHeaders(
                {{"link",
                  "<https://x.okta.com/api/v1/users?limit=200>; "
                  "rel=\"self\""},
                 {"link",
                  "<https://x.okta.com/api/v1/users?after=00u1&limit=200>; "
                  "rel=\"next\""}})),
            "https://x.okta.com/api/v1/users?after=00u1&limit=200");
  // Unquoted, several rels in one, a comma inside the URL.
  EXPECT_EQ(NextLink(WithHeaders({{"link", "<https://a/x?q=1,2>; rel=next"}})),
            "https://a/x?q=1,2");
  EXPECT_EQ(
      NextLink(WithHeaders({{"link", "<https://a/n>; rel=\"last next\""}})),
      "https://a/n");
  // The last page: no next.
  EXPECT_EQ(NextLink(WithHeaders({{"link", "<https://a/1>; rel=\"prev\""}})),
            "");
  EXPECT_EQ(NextLink(WithHeaders({{"link", "<https://a/1; rel=next"}})), "");
  EXPECT_EQ(NextLink(WithHeaders({})), "");
}

TEST(HttpHeadersTest, WaitsAskedForInEveryPublishedForm) {
  const std::int64_t now = 1'700'000'000;
  HttpReply r;
  r.status = 429;
  EXPECT_FALSE(RequestedWait(r, now));
  r.retry_after = std::chrono::seconds(7);
  EXPECT_EQ(RequestedWait(r, now), std::chrono::seconds(7));
  // Zoom's daily limit: an ISO-8601 datetime.
  r = WithHeaders({{"retry-after", common::FormatRfc3339(now + 3600)}});
  EXPECT_EQ(RequestedWait(r, now), std::chrono::seconds(3600));
  // Okta: no Retry-After; the reset time, epoch seconds.
  r = WithHeaders({{"x-rate-limit-limit", "600"},
                   {"x-rate-limit-remaining", "0"},
                   {"x-rate-limit-reset", std::to_string(now + 42)}});
  EXPECT_EQ(RequestedWait(r, now), std::chrono::seconds(42));
  // GitHub's primary limit: 403 with remaining 0.
  r = WithHeaders({{"x-ratelimit-remaining", "0"},
                   {"x-ratelimit-reset", std::to_string(now + 90)}});
  r.status = 403;
  EXPECT_TRUE(IsRateLimited(r));
  EXPECT_EQ(RequestedWait(r, now), std::chrono::seconds(90));
  // Allowance left: the reset says nothing about waiting; a plain 403 is
  // a refusal, not a limit.
  r = WithHeaders({{"x-ratelimit-remaining", "4999"},
                   {"x-ratelimit-reset", std::to_string(now + 90)}});
  r.status = 403;
  EXPECT_FALSE(RequestedWait(r, now));
  EXPECT_FALSE(IsRateLimited(r));
  // GitHub's secondary limit: 403 with retry-after.
  r = WithHeaders({{"retry-after", "60"}});
  r.status = 403;
  EXPECT_TRUE(IsRateLimited(r));
  // A reset in the past: no wait (the throttle waits its minimum).
  r = WithHeaders({{"x-rate-limit-remaining", "0"},
                   {"x-rate-limit-reset", std::to_string(now - 5)}});
  EXPECT_EQ(RequestedWait(r, now), std::chrono::seconds(0));
}

}  // namespace
}  // namespace surveyor::collectors::saas
