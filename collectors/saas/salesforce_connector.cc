// Salesforce: a client-credentials token from the org's My Domain (which
// also names the instance), then SOQL queries along nextRecordsUrl:
// UserLicense, PermissionSetLicense and PackageLicense for seats, and the
// standard users with their licence and last login. A 401 mid-run gets a
// new token; 403 REQUEST_LIMIT_EXCEEDED (the org's daily API quota) is no
// "slow down" and is reported, not retried.
#include <algorithm>

#include "collectors/saas/connector.h"
#include "collectors/saas/salesforce_parsers.h"
#include "collectors/saas/vendor_session.h"

namespace surveyor::collectors::saas {
namespace {

constexpr const char* kApi = "/services/data/v62.0";

bool FetchSalesforceToken(VendorSession& sf, std::string& instance) {
  const ConnectorSettings& s = sf.settings();
  HttpCall call;
  call.method = "POST";
  call.url =
      s.token_url.empty() ? sf.Base() + "/services/oauth2/token" : s.token_url;
  call.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  call.body =
      "grant_type=client_credentials&client_id=" + UrlEncode(s.client_id) +
      "&client_secret=" + UrlEncode(s.secret);
  auto reply = sf.Send(call, "token");
  if (!reply) return false;
  if (reply->status != 200) {
    return sf.FailReply("token", *reply, SalesforceErrorText(reply->body));
  }
  auto token = ParseSalesforceToken(reply->body);
  if (!token) return sf.Fail("token", token.error().reason);
  instance = token->instance_url;
  while (!instance.empty() && instance.back() == '/') instance.pop_back();
  sf.SetHeaders({{"Authorization", "Bearer " + token->access_token},
                 {"Accept", "application/json"}});
  return true;
}

}  // namespace

ConnectorResult RunSalesforce(const ConnectorSettings& settings,
                              HttpClient& client, Waiter& waiter) {
  ConnectorResult result;
  VendorSession sf(kSalesforce, "", settings, client, waiter, result);
  std::string instance;
  if (!FetchSalesforceToken(sf, instance)) return result;
  sf.SetReauth([&] { return FetchSalesforceToken(sf, instance); });
  const std::pair<const char*, const char*> queries[] = {
      {"UserLicense",
       "SELECT Id,Name,MasterLabel,Status,TotalLicenses,UsedLicenses FROM "
       "UserLicense"},
      {"PermissionSetLicense",
       "SELECT Id,DeveloperName,MasterLabel,Status,TotalLicenses,"
       "UsedLicenses FROM PermissionSetLicense"},
      {"PackageLicense",
       "SELECT Id,NamespacePrefix,Status,AllowedLicenses,UsedLicenses FROM "
       "PackageLicense"},
      {"User",
       "SELECT Id,Username,IsActive,LastLoginDate,CreatedDate,"
       "Profile.UserLicense.Name "
       "FROM User WHERE UserType = 'Standard'"},
  };
  for (const auto& [what, soql] : queries) {
    std::string url = instance + kApi + "/query?q=" + UrlEncode(soql);
    for (int page = 0; !url.empty(); ++page) {
      if (!sf.PageAllowed(page, what)) break;
      auto reply = sf.Get(url, what);
      if (!reply) break;
      if (reply->status != 200) {
        sf.FailReply(what, *reply, SalesforceErrorText(reply->body));
        break;
      }
      auto parsed = ParseSalesforceQuery(reply->body);
      if (!parsed) {
        sf.Fail(what, "page " + std::to_string(page + 1) + ": " +
                          parsed.error().reason);
        break;
      }
      for (auto& s : parsed->seats) result.seats.push_back(std::move(s));
      for (auto& p : parsed->people) result.people.push_back(std::move(p));
      url = parsed->next_records_url.empty()
                ? ""
                : instance + parsed->next_records_url;
    }
  }
  std::sort(
      result.people.begin(), result.people.end(),
      [](const Person& a, const Person& b) { return a.user_id < b.user_id; });
  return result;
}

}  // namespace surveyor::collectors::saas
