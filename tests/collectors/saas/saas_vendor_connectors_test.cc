// The GitHub, Zoom and Okta connectors' call sequences on a scripted HTTP
// client: Link paging, rate-limit waits from headers, an expired token,
// refusals in each vendor's words, and what is merely noted.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <boost/json/serialize.hpp>

#include "collectors/saas/connector.h"
#include "collectors/saas/google_parsers.h"
#include "collectors/saas/vendors.h"
#include "common/jwt.h"
#include "common/random.h"
#include "tests/fakes/fake_http_client.h"
#include "tests/fixture.h"

namespace surveyor::collectors::saas {
namespace {

using std::chrono::seconds;
using testing::FakeHttpClient;
using testing::ReadFixture;
using testing::RecordingWaiter;

HttpReply Reply(long status, std::string body,
                std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpReply r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

std::string Member(int id, const std::string& login) {
  return R"({"login":")" + login + R"(","id":)" + std::to_string(id) +
         R"(,"type":"User"})";
}

TEST(GitHubConnectorTest, PlanMembersAlongLinksAndCopilotSeats) {
  ConnectorSettings s;
  s.secret = "ghp_x";
  s.account = "acme corp";
  FakeHttpClient http;
  RecordingWaiter waiter;
  http.Then(Reply(200, ReadFixture("saas/github_org.json")));
  http.Then(Reply(
      200, "[" + Member(1, "octocat") + "," + Member(2, "hubot") + "]",
      {{"link",
        "<https://api.github.com/organizations/1/members?per_page=100&page=2>;"
        " rel=\"next\", <https://api.github.com/organizations/1/members?"
        "per_page=100&page=2>; rel=\"last\""}}));
  // The primary limit runs out: 403, remaining 0, reset in 30 s.
  http.Then(Reply(
      403,
      R"({"message":"API rate limit exceeded for user ID 1.","documentation_url":"https://docs.github.com/rest"})",
      {{"x-ratelimit-remaining", "0"},
       {"x-ratelimit-reset", std::to_string(waiter.now + 30)}}));
  http.Then(Reply(200, "[" + Member(3, "mona") + "]"));
  http.Then(Reply(200, ReadFixture("saas/github_copilot_billing.json")));
  http.Then(Reply(
      200,
      R"({"total_seats":2,"seats":[{"created_at":"2024-01-01T00:00:00Z","last_activity_at":"2024-05-01T10:00:00Z","plan_type":"business","assignee":{"login":"octocat","id":1}},{"created_at":"2024-01-01T00:00:00Z","last_activity_at":null,"assignee":null}]})"));
  auto r = RunGitHub(s, http, waiter);
  EXPECT_FALSE(r.partial);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  EXPECT_EQ(http.left(), 0u);
  EXPECT_EQ(http.calls[0].url, "https://api.github.com/orgs/acme%20corp");
  EXPECT_EQ(http.calls[1].url,
            "https://api.github.com/orgs/acme%20corp/members?per_page=100");
  EXPECT_EQ(http.calls[2].url,
            "https://api.github.com/organizations/1/members?per_page=100&"
            "page=2");
  EXPECT_EQ(http.calls[0].headers[0].second, "Bearer ghp_x");
  EXPECT_EQ(waiter.waits, std::vector<seconds>{seconds(30)});
  ASSERT_EQ(r.seats.size(), 2u);
  EXPECT_EQ(r.seats[0].sku_id, "github-plan");
  EXPECT_EQ(r.seats[0].purchased, 5u);
  EXPECT_EQ(r.seats[1].sku_id, "copilot-business");
  ASSERT_EQ(r.people.size(), 3u);
  EXPECT_EQ(r.people[0].email, "octocat");
  EXPECT_EQ(r.people[0].sku_ids,
            (std::vector<std::string>{"github-plan", "copilot-business"}));
  EXPECT_TRUE(r.people[0].last_active);
  EXPECT_FALSE(r.people[1].last_active);  // hubot: no Copilot, unknown
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0],
            "github copilot/billing/seats: 1 seats have no assignee "
            "(accounts deleted since)");
}

TEST(GitHubConnectorTest, NotOwnerNoCopilotAndAWrongOrganisation) {
  ConnectorSettings s;
  s.secret = "ghp_x";
  s.account = "acme";
  FakeHttpClient http;
  RecordingWaiter waiter;
  http.Then(Reply(200, R"({"login":"acme","id":9})"));
  http.Then(Reply(200, "[" + Member(1, "octocat") + "]"));
  http.Then(Reply(404, R"({"message":"Not Found"})"));
  auto r = RunGitHub(s, http, waiter);
  EXPECT_FALSE(r.partial);
  ASSERT_EQ(r.seats.size(), 1u);
  EXPECT_EQ(r.seats[0].purchased, 0u);  // unknown, not invented
  EXPECT_EQ(r.seats[0].assigned, 1u);
  ASSERT_EQ(r.notes.size(), 2u);
  EXPECT_EQ(r.notes[1],
            "github copilot/billing: no Copilot seats (HTTP 404: Not Found)");

  FakeHttpClient wrong;
  wrong.Then(Reply(404, R"({"message":"Not Found"})"));
  auto w = RunGitHub(s, wrong, waiter);
  EXPECT_TRUE(w.partial);
  ASSERT_EQ(w.errors.size(), 1u);
  EXPECT_EQ(w.errors[0], "github orgs: HTTP 404: Not Found");
  EXPECT_EQ(wrong.calls.size(), 1u);
}

TEST(ZoomConnectorTest, TokenPlansUsersByStatusAndAnExpiredToken) {
  ConnectorSettings s;
  s.client_id = "cid";
  s.secret = "csecret";
  s.account = "acct 1";
  FakeHttpClient http;
  RecordingWaiter waiter;
  http.Then(Reply(
      200,
      R"({"access_token":"z1","token_type":"bearer","expires_in":3599,"scope":"user:read:admin"})"));
  http.Then(
      Reply(200, R"({"plan_base":{"type":"monthly","hosts":3,"usage":2}})"));
  http.Then(Reply(
      200,
      R"({"next_page_token":"p2","users":[{"id":"u1","email":"a@x.com","type":2,"status":"active","last_login_time":"2024-05-01T00:00:00Z"}]})"));
  // The daily limit: Retry-After as an ISO-8601 datetime.
  http.Then(Reply(429, ReadFixture("saas/zoom_rate_limit.json"),
                  {{"retry-after", "2027-01-15T08:00:20Z"},
                   {"x-ratelimit-type", "Daily-limit"}}));
  // The token expires mid-run.
  http.Then(Reply(401, R"({"code":124,"message":"Access token is expired."})"));
  http.Then(Reply(200, R"({"access_token":"z2","expires_in":3599})"));
  http.Then(Reply(
      200,
      R"({"next_page_token":"","users":[{"id":"u2","email":"b@x.com","type":2,"status":"active"}]})"));
  http.Then(Reply(
      200,
      R"({"next_page_token":"","users":[{"id":"u3","email":"gone@x.com","type":2,"status":"inactive"}]})"));
  http.Then(Reply(200, R"({"next_page_token":"","users":[]})"));
  auto r = RunZoom(s, http, waiter);
  EXPECT_FALSE(r.partial);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  EXPECT_EQ(http.left(), 0u);
  EXPECT_EQ(http.calls[0].url, "https://zoom.us/oauth/token");
  EXPECT_EQ(http.calls[0].body,
            "grant_type=account_credentials&account_id=acct%201");
  EXPECT_EQ(http.calls[0].headers[0].second, "Basic Y2lkOmNzZWNyZXQ=");
  EXPECT_EQ(http.calls[2].url,
            "https://api.zoom.us/v2/users?status=active&page_size=300");
  EXPECT_EQ(http.calls[3].url,
            "https://api.zoom.us/v2/users?status=active&page_size=300&"
            "next_page_token=p2");
  EXPECT_EQ(http.calls[6].headers[0].second, "Bearer z2");
  // 2027-01-15T08:00:20Z is 20 s after the fake clock's now.
  EXPECT_EQ(waiter.waits, std::vector<seconds>{seconds(20)});
  ASSERT_EQ(r.seats.size(), 1u);
  EXPECT_EQ(r.seats[0].purchased, 3u);
  ASSERT_EQ(r.people.size(), 3u);
  EXPECT_FALSE(r.people[2].enabled);
}

TEST(ZoomConnectorTest, WithoutPlanUsageLicensedUsersAreCounted) {
  ConnectorSettings s;
  s.client_id = "cid";
  s.secret = "bad";
  s.account = "a";
  FakeHttpClient http;
  RecordingWaiter waiter;
  http.Then(Reply(200, R"({"access_token":"z1","expires_in":3599})"));
  http.Then(Reply(
      400,
      R"({"code":200,"message":"Only available for paid account that has enabled the API."})"));
  http.Then(Reply(
      200,
      R"({"next_page_token":"","users":[{"id":"u1","email":"a@x.com","type":2,"status":"active"},{"id":"u2","email":"b@x.com","type":1,"status":"active"}]})"));
  http.Then(Reply(200, R"({"users":[]})"));
  http.Then(Reply(200, R"({"users":[]})"));
  auto r = RunZoom(s, http, waiter);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0],
            "zoom plans/usage: HTTP 400: 200: Only available for paid "
            "account that has enabled the API.");
  ASSERT_EQ(r.seats.size(), 1u);
  EXPECT_EQ(r.seats[0].purchased, 0u);
  EXPECT_EQ(r.seats[0].assigned, 1u);

  FakeHttpClient refused;
  refused.Then(Reply(
      400,
      R"({"reason":"Invalid client_id or client_secret","error":"invalid_client"})"));
  auto t = RunZoom(s, refused, waiter);
  ASSERT_EQ(t.errors.size(), 1u);
  EXPECT_EQ(t.errors[0], "zoom token: HTTP 400: invalid_client");
}

TEST(OktaConnectorTest, LinkLinesResetWaitAndDeprovisionedUsers) {
  ConnectorSettings s;
  s.secret = "00abc";
  s.base_url = "https://acme.okta.com/";
  FakeHttpClient http;
  RecordingWaiter waiter;
  http.Then(Reply(200, ReadFixture("saas/okta_users.json"),
                  {{"link",
                    "<https://acme.okta.com/api/v1/users?limit=200>; "
                    "rel=\"self\""},
                   {"link",
                    "<https://acme.okta.com/api/v1/users?after=00ub0&limit="
                    "200>; rel=\"next\""}}));
  http.Then(Reply(429, ReadFixture("saas/okta_rate_limit.json"),
                  {{"x-rate-limit-limit", "600"},
                   {"x-rate-limit-remaining", "0"},
                   {"x-rate-limit-reset", std::to_string(waiter.now + 15)}}));
  http.Then(Reply(
      200,
      R"([{"id":"00u2","status":"SUSPENDED","lastLogin":null,"profile":{"login":"sus@acme.com"}}])",
      {{"link",
        "<https://acme.okta.com/api/v1/users?limit=200>; "
        "rel=\"self\""}}));
  http.Then(Reply(
      200,
      R"([{"id":"00u3","status":"DEPROVISIONED","lastLogin":"2024-01-01T00:00:00.000Z","profile":{"login":"left@acme.com"}}])"));
  auto r = RunOkta(s, http, waiter);
  EXPECT_FALSE(r.partial);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  EXPECT_EQ(http.calls[0].url, "https://acme.okta.com/api/v1/users?limit=200");
  EXPECT_EQ(http.calls[0].headers[0].second, "SSWS 00abc");
  EXPECT_EQ(http.calls[3].url,
            "https://acme.okta.com/api/v1/users?limit=200&search=status%20eq%"
            "20%22DEPROVISIONED%22");
  EXPECT_EQ(waiter.waits, std::vector<seconds>{seconds(15)});
  ASSERT_EQ(r.people.size(), 3u);
  ASSERT_EQ(r.seats.size(), 1u);
  EXPECT_EQ(r.seats[0].assigned, 2u);  // the deprovisioned one holds none

  FakeHttpClient bad_token;
  bad_token.Then(Reply(
      401,
      R"({"errorCode":"E0000011","errorSummary":"Invalid token provided","errorLink":"E0000011","errorId":"oae1","errorCauses":[]})"));
  bad_token.Then(Reply(
      401,
      R"({"errorCode":"E0000011","errorSummary":"Invalid token provided"})"));
  auto b = RunOkta(s, bad_token, waiter);
  EXPECT_TRUE(b.partial);
  EXPECT_TRUE(b.seats.empty());
  EXPECT_EQ(b.errors[0],
            "okta users: HTTP 401: E0000011: Invalid token provided");
}

TEST(GoogleWorkspaceConnectorTest, SignedJwtRateLimitsAndLicencesPerPerson) {
  // A real RSA key pair, written as Google writes a service-account key.
  EVP_PKEY* pkey = EVP_RSA_gen(2048);
  auto pem = [&](bool priv) {
    BIO* bio = BIO_new(BIO_s_mem());
    if (priv) {
      PEM_write_bio_PrivateKey(bio, pkey, nullptr, nullptr, 0, nullptr,
                               nullptr);
    } else {
      PEM_write_bio_PUBKEY(bio, pkey);
    }
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(n));
    BIO_free(bio);
    return out;
  };
  const std::string private_pem = pem(true), public_pem = pem(false);
  EVP_PKEY_free(pkey);
  ConnectorSettings s;
  s.secret = boost::json::serialize(boost::json::object{
      {"type", "service_account"},
      {"client_email", "surveyor@acme.iam.gserviceaccount.com"},
      {"private_key", private_pem},
      {"token_uri", "https://oauth2.googleapis.com/token"}});
  s.subject = "admin@acme.example";
  s.account = "acme.example";
  FakeHttpClient http;
  RecordingWaiter waiter;
  http.Then(Reply(
      200,
      R"({"access_token":"ya29.x","expires_in":3599,"token_type":"Bearer"})"));
  http.Then(Reply(200, ReadFixture("saas/google_directory_users.json")));
  http.Then(Reply(403, ReadFixture("saas/google_rate_limit.json")));
  http.Then(Reply(
      200,
      R"({"users":[{"id":"3","primaryEmail":"Carol@Example.com","suspended":false}]})"));
  http.Then(Reply(
      200,
      R"({"kind":"licensing#licenseAssignmentList","items":[{"userId":"alice@example.com","skuId":"1010020028","skuName":"Google Workspace Business Standard"},{"userId":"bob@example.com","skuId":"1010020028","skuName":"Google Workspace Business Standard"},{"userId":"carol@example.com","skuId":"1010020025","skuName":"Google Workspace Business Plus"}]})"));
  const std::int64_t signed_at = waiter.now;
  auto r = RunGoogleWorkspace(s, http, waiter);
  EXPECT_FALSE(r.partial);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  EXPECT_EQ(http.left(), 0u);
  // The token request: the JWT bearer grant, signed by the key.
  EXPECT_EQ(http.calls[0].url, "https://oauth2.googleapis.com/token");
  const std::string& body = http.calls[0].body;
  const std::string prefix =
      "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&"
      "assertion=";
  ASSERT_EQ(body.rfind(prefix, 0), 0u) << body;
  const std::string jwt = body.substr(prefix.size());
  EXPECT_TRUE(common::VerifyJwtRs256(jwt, public_pem));
  const std::string claims =
      jwt.substr(jwt.find('.') + 1, jwt.rfind('.') - jwt.find('.') - 1);
  EXPECT_EQ(claims,
            common::Base64Url(GoogleJwtClaims(
                {"surveyor@acme.iam.gserviceaccount.com", "", ""},
                "admin@acme.example",
                "https://www.googleapis.com/auth/admin.directory.user.readonly "
                "https://www.googleapis.com/auth/apps.licensing",
                "https://oauth2.googleapis.com/token", signed_at)));
  EXPECT_EQ(http.calls[1].url,
            "https://admin.googleapis.com/admin/directory/v1/users?customer="
            "my_customer&maxResults=500");
  EXPECT_EQ(http.calls[3].url,
            "https://admin.googleapis.com/admin/directory/v1/users?customer="
            "my_customer&maxResults=500&pageToken=Q0FFU0dnNV9fXzhH");
  EXPECT_EQ(http.calls[4].url,
            "https://licensing.googleapis.com/apps/licensing/v1/product/"
            "Google-Apps/users?customerId=acme.example&maxResults=1000");
  // The 403 userRateLimitExceeded was waited out (1 s backoff), not failed.
  EXPECT_EQ(waiter.waits, std::vector<seconds>{seconds(1)});
  ASSERT_EQ(r.seats.size(), 2u);
  EXPECT_EQ(r.seats[0].sku_id, "1010020025");
  EXPECT_EQ(r.seats[0].assigned, 1u);
  EXPECT_EQ(r.seats[1].assigned, 2u);
  EXPECT_EQ(r.seats[1].purchased, 0u);  // only the contract can tell
  ASSERT_EQ(r.people.size(), 3u);
  for (const auto& p : r.people) {
    EXPECT_EQ(p.sku_ids.size(), 1u) << p.email;  // carol matched any case
  }

  // A key file that is no key: named, nothing sent.
  FakeHttpClient none;
  s.secret = R"({"type":"service_account"})";
  auto bad = RunGoogleWorkspace(s, none, waiter);
  EXPECT_EQ(bad.errors[0],
            "google-workspace service account key: service account key has "
            "no client_email or private_key");
  EXPECT_TRUE(none.calls.empty());
}

TEST(VendorsTest, TableNamesEveryConnectorAndItsParameters) {
  EXPECT_EQ(VendorNames(),
            "microsoft365, slack, zoom, github, okta, google-workspace, "
            "dropbox, atlassian, jira, salesforce, adobe");
  EXPECT_EQ(
      MissingParameters(*FindVendor("google-workspace"), ConnectorSettings()),
      "needs account and subject");
  ASSERT_NE(FindVendor("zoom"), nullptr);
  EXPECT_EQ(FindVendor("box"), nullptr);
  ConnectorSettings s;
  EXPECT_EQ(MissingParameters(*FindVendor("zoom"), s),
            "needs client_id and account");
  EXPECT_EQ(MissingParameters(*FindVendor("microsoft365"), s),
            "needs tenant_id and client_id");
  EXPECT_EQ(MissingParameters(*FindVendor("slack"), s), "");
  s.base_url = "https://acme.okta.com";
  EXPECT_EQ(MissingParameters(*FindVendor("okta"), s), "");
}

}  // namespace
}  // namespace surveyor::collectors::saas
