// Dropbox, Atlassian, Salesforce and Adobe: parsers on the published
// answers (tests/fixtures/saas/SOURCES.md) and the connectors' call
// sequences on a scripted HTTP client.
#include <gtest/gtest.h>

#include "collectors/saas/adobe_parsers.h"
#include "collectors/saas/atlassian_parsers.h"
#include "collectors/saas/connector.h"
#include "collectors/saas/dropbox_parsers.h"
#include "collectors/saas/salesforce_parsers.h"
#include "common/time_util.h"
#include "tests/fakes/fake_http_client.h"
#include "tests/fixture.h"

namespace surveyor::collectors::saas {
namespace {

using std::chrono::seconds;
using testing::FakeHttpClient;
using testing::ReadFixture;
using testing::RecordingWaiter;

TEST(DropboxTest, TeamInfoMembersAndCursorPaging) {
  auto seats = ParseDropboxTeamInfo(ReadFixture("saas/dropbox_team_info.json"));
  ASSERT_TRUE(seats) << seats.error().reason;
  EXPECT_EQ(seats->purchased, 5u);
  EXPECT_EQ(seats->assigned, 2u);
  EXPECT_EQ(seats->sku_name, "Dropbox Dropbox Inc.");
  // Before num_used_licenses existed: the provisioned users.
  EXPECT_EQ(
      ParseDropboxTeamInfo(
          R"({"name":"T","num_licensed_users":"7","num_provisioned_users":3})")
          ->assigned,
      3u);

  ConnectorSettings s;
  s.secret = "sl.team";
  FakeHttpClient http;
  RecordingWaiter waiter;
  http.Then(200, ReadFixture("saas/dropbox_team_info.json"));
  http.Then(
      200,
      R"({"members":[{"profile":{"team_member_id":"dbmid:1","email":"a@x.com","status":{".tag":"active"},"membership_type":{".tag":"full"}}},{"profile":{"team_member_id":"dbmid:2","email":"b@x.com","status":{".tag":"suspended"}}}],"cursor":"c\"1","has_more":true})");
  http.Then(
      429,
      R"({"error_summary":"too_many_requests/..","error":{"reason":{".tag":"too_many_requests"}}})",
      seconds(4));
  http.Then(
      200,
      R"({"members":[{"profile":{"team_member_id":"dbmid:3","email":"c@x.com","status":{".tag":"removed"}}}],"cursor":"c2","has_more":false})");
  auto r = RunDropbox(s, http, waiter);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  EXPECT_EQ(http.calls[0].url, "https://api.dropboxapi.com/2/team/get_info");
  EXPECT_EQ(http.calls[0].method, "POST");
  EXPECT_EQ(http.calls[1].body, R"({"limit":1000})");
  EXPECT_EQ(http.calls[2].url,
            "https://api.dropboxapi.com/2/team/members/list/continue_v2");
  EXPECT_EQ(http.calls[2].body, R"({"cursor":"c\"1"})");
  EXPECT_EQ(waiter.waits, std::vector<seconds>{seconds(4)});
  ASSERT_EQ(r.people.size(), 3u);
  EXPECT_FALSE(r.people[1].enabled);  // suspended, still licensed
  EXPECT_EQ(r.people[1].sku_ids.size(), 1u);
  EXPECT_TRUE(r.people[2].sku_ids.empty());  // removed

  FakeHttpClient expired;
  expired.Then(
      401,
      R"({"error_summary":"expired_access_token/","error":{".tag":"expired_access_token"}})");
  auto e = RunDropbox(s, expired, waiter);
  EXPECT_EQ(e.errors[0],
            "dropbox team/get_info: HTTP 401: expired_access_token/");
}

TEST(AtlassianTest, ManagedAccountsProductsAndLinksNext) {
  auto page =
      ParseAtlassianUsersPage(ReadFixture("saas/atlassian_org_users.json"));
  ASSERT_TRUE(page) << page.error().reason;
  ASSERT_EQ(page->users.size(), 1u);
  EXPECT_EQ(page->users[0].email, "a@x.com");
  EXPECT_EQ(page->users[0].sku_ids, std::vector<std::string>{"jira-software"});
  EXPECT_EQ(page->next,
            "ZXlKaGJHY2lPaUpJVXpJMU5pSjkuZXlKd1lXZGxJam95ZlEuUnlTV");

  ConnectorSettings s;
  s.secret = "org-key";
  s.account = "org 1";
  FakeHttpClient http;
  RecordingWaiter waiter;
  http.Then(200, ReadFixture("saas/atlassian_org_users.json"));
  http.Then(
      200,
      R"({"data":[{"account_id":"2","account_status":"inactive","email":"gone@x.com","access_billable":true,"product_access":[{"key":"jira-software","name":"Jira"},{"key":"confluence","name":"Confluence"}]},{"account_id":"3","account_status":"active","email":"guest@x.com","access_billable":false,"product_access":[{"key":"confluence","name":"Confluence"}]}],"links":{"next":null}})");
  auto r = RunAtlassian(s, http, waiter);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  EXPECT_EQ(http.calls[0].url,
            "https://api.atlassian.com/admin/v1/orgs/org%201/users");
  EXPECT_EQ(http.calls[1].url,
            "https://api.atlassian.com/admin/v1/orgs/org%201/users?cursor="
            "ZXlKaGJHY2lPaUpJVXpJMU5pSjkuZXlKd1lXZGxJam95ZlEuUnlTV");
  ASSERT_EQ(r.seats.size(), 2u);
  EXPECT_EQ(r.seats[0].sku_id, "confluence");
  EXPECT_EQ(r.seats[0].assigned, 1u);  // the guest is not billable
  EXPECT_EQ(r.seats[1].assigned, 2u);
  EXPECT_EQ(r.people[0].email, "gone@x.com");  // sorted by account id
  EXPECT_FALSE(r.people[0].enabled);
}

TEST(JiraTest, ApproximateCountsPerProductStringsAndMissingProducts) {
  EXPECT_EQ(
      ParseJiraApproximateCount(
          R"({"key":"license.jira-software.approximateUserCount","value":"115"})"),
      115u);
  EXPECT_FALSE(ParseJiraApproximateCount(R"({"key":"x","value":"many"})"));
  ConnectorSettings s;
  s.client_id = "admin@acme.com";
  s.secret = "api-token";
  s.base_url = "https://acme.atlassian.net";
  FakeHttpClient http;
  RecordingWaiter waiter;
  http.Then(
      200,
      R"({"key":"license.jira-software.approximateUserCount","value":"115"})");
  http.Then(404, R"({"errorMessages":["Product not found"],"errors":{}})");
  http.Then(
      200,
      R"({"key":"license.jira-product-discovery.approximateUserCount","value":"3"})");
  http.Then(404, R"({"errorMessages":["Product not found"],"errors":{}})");
  auto r = RunJira(s, http, waiter);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  EXPECT_EQ(http.calls[0].url,
            "https://acme.atlassian.net/rest/api/3/license/"
            "approximateLicenseCount/product/jira-software");
  EXPECT_EQ(http.calls[0].headers[0].second,
            "Basic YWRtaW5AYWNtZS5jb206YXBpLXRva2Vu");
  ASSERT_EQ(r.seats.size(), 2u);
  EXPECT_EQ(r.seats[0].assigned, 115u);
  EXPECT_EQ(r.seats[1].sku_id, "jira-product-discovery");
  EXPECT_EQ(r.notes.size(), 2u);
}

TEST(SalesforceTest, LicencesUsersRelativePagingAndErrorArrays) {
  auto page =
      ParseSalesforceQuery(ReadFixture("saas/salesforce_user_license.json"));
  ASSERT_TRUE(page) << page.error().reason;
  ASSERT_EQ(page->seats.size(), 2u);
  EXPECT_EQ(page->seats[0].sku_id, "Salesforce");
  EXPECT_EQ(page->seats[0].purchased, 100u);
  EXPECT_EQ(page->seats[0].assigned, 87u);
  EXPECT_EQ(page->next_records_url, "");
  EXPECT_EQ(
      SalesforceErrorText(ReadFixture("saas/salesforce_invalid_session.json")),
      "INVALID_SESSION_ID: Session expired or invalid");

  ConnectorSettings s;
  s.client_id = "cid";
  s.secret = "cs";
  s.base_url = "https://acme.my.salesforce.com";
  FakeHttpClient http;
  RecordingWaiter waiter;
  const char* token =
      R"({"access_token":"00D!AR8","instance_url":"https://acme.my.salesforce.com","token_type":"Bearer","issued_at":"1700000000000"})";
  http.Then(200, token);
  http.Then(200, ReadFixture("saas/salesforce_user_license.json"));
  http.Then(401, ReadFixture("saas/salesforce_invalid_session.json"));
  http.Then(200, token);
  http.Then(
      200,
      R"({"totalSize":1,"done":true,"records":[{"attributes":{"type":"PermissionSetLicense"},"DeveloperName":"SalesConsoleUser","MasterLabel":"Sales Console User","Status":"Active","TotalLicenses":5,"UsedLicenses":1}]})");
  http.Then(
      200,
      R"({"totalSize":1,"done":true,"records":[{"attributes":{"type":"PackageLicense"},"NamespacePrefix":"dsfs","Status":"Active","AllowedLicenses":-1,"UsedLicenses":40}]})");
  http.Then(
      200,
      R"({"totalSize":3,"done":false,"nextRecordsUrl":"/services/data/v62.0/query/01gD0000002HU6KIAW-2000","records":[{"attributes":{"type":"User"},"Id":"005A","Username":"ann@acme.com","IsActive":true,"LastLoginDate":"2024-05-01T10:00:00.000+0000","Profile":{"attributes":{"type":"Profile"},"UserLicense":{"attributes":{"type":"UserLicense"},"Name":"Salesforce"}}}]})");
  http.Then(
      200,
      R"({"totalSize":3,"done":true,"records":[{"attributes":{"type":"User"},"Id":"005B","Username":"left@acme.com","IsActive":false,"LastLoginDate":null,"Profile":{"UserLicense":{"Name":"Salesforce"}}}]})");
  auto r = RunSalesforce(s, http, waiter);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  EXPECT_EQ(http.left(), 0u);
  EXPECT_EQ(http.calls[0].url,
            "https://acme.my.salesforce.com/services/oauth2/token");
  EXPECT_EQ(http.calls[7].url,
            "https://acme.my.salesforce.com/services/data/v62.0/query/"
            "01gD0000002HU6KIAW-2000");
  ASSERT_EQ(r.seats.size(), 4u);
  EXPECT_EQ(r.seats[2].sku_id, "psl:SalesConsoleUser");
  EXPECT_EQ(r.seats[3].sku_id, "package:dsfs");
  EXPECT_EQ(r.seats[3].purchased, 0u);  // a site licence: no count
  ASSERT_EQ(r.people.size(), 2u);
  EXPECT_EQ(r.people[0].last_active,
            common::ParseRfc3339("2024-05-01T10:00:00Z"));
  EXPECT_FALSE(r.people[1].enabled);

  // The org's daily quota spent: reported, not retried.
  FakeHttpClient quota;
  quota.Then(200, token);
  quota.Then(
      403,
      R"([{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}])");
  for (int i = 0; i < 3; ++i) quota.Then(200, R"({"done":true,"records":[]})");
  RecordingWaiter quiet;
  auto q = RunSalesforce(s, quota, quiet);
  EXPECT_TRUE(quiet.waits.empty());
  ASSERT_EQ(q.errors.size(), 1u);
  EXPECT_EQ(q.errors[0],
            "salesforce UserLicense: HTTP 403: REQUEST_LIMIT_EXCEEDED: "
            "TotalRequests Limit exceeded.");
}

TEST(AdobeTest, ProductProfilesUsersAndPageIndexes) {
  auto groups = ParseAdobeGroupsPage(ReadFixture("saas/adobe_groups.json"));
  ASSERT_TRUE(groups) << groups.error().reason;
  ASSERT_EQ(groups->profiles.size(), 1u);
  EXPECT_EQ(groups->profiles[0].purchased, 0u);  // UNLIMITED: no count
  EXPECT_EQ(groups->profiles[0].assigned, 23u);
  EXPECT_TRUE(groups->last_page);

  ConnectorSettings s;
  s.client_id = "api-key";
  s.secret = "p8e-secret";
  s.account = "12345@AdobeOrg";
  FakeHttpClient http;
  RecordingWaiter waiter;
  http.Then(
      200,
      R"({"access_token":"eyJ","token_type":"bearer","expires_in":86399})");
  http.Then(
      200,
      R"({"lastPage":false,"result":"success","groups":[{"groupId":1,"groupName":"Acrobat Pro","type":"PRODUCT_PROFILE","productName":"Acrobat Pro DC","licenseQuota":"10","memberCount":2},{"groupId":2,"groupName":"Design team","type":"USER_GROUP","memberCount":4}]})");
  http.Then(200, R"({"lastPage":true,"result":"success","groups":[]})");
  http.Then(
      200,
      R"({"lastPage":true,"result":"success","users":[{"id":"u1@AdobeID","email":"a@acme.com","status":"active","groups":["Acrobat Pro","Design team"]},{"id":"u2@AdobeID","email":"b@acme.com","status":"disabled","groups":["Acrobat Pro"]}]})");
  auto r = RunAdobe(s, http, waiter);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  EXPECT_EQ(http.calls[1].url,
            "https://usermanagement.adobe.io/v2/usermanagement/groups/"
            "12345%40AdobeOrg/0");
  EXPECT_EQ(http.calls[2].url,
            "https://usermanagement.adobe.io/v2/usermanagement/groups/"
            "12345%40AdobeOrg/1");
  EXPECT_EQ(http.calls[1].headers[1],
            (std::pair<std::string, std::string>{"X-Api-Key", "api-key"}));
  ASSERT_EQ(r.seats.size(), 1u);
  EXPECT_EQ(r.seats[0].purchased, 10u);  // "10": a count as a string
  ASSERT_EQ(r.people.size(), 2u);
  // The user group is no product profile, so no seat.
  EXPECT_EQ(r.people[0].sku_ids, std::vector<std::string>{"Acrobat Pro"});
  EXPECT_FALSE(r.people[1].enabled);
  EXPECT_EQ(
      AdobeErrorText(
          R"({"result":"error.organization.invalid_id","message":"Organization 12345@AdobeOrg not found"})"),
      "error.organization.invalid_id: Organization 12345@AdobeOrg not "
      "found");
}

}  // namespace
}  // namespace surveyor::collectors::saas
