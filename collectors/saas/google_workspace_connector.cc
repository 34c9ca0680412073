// Google Workspace: a service account's JWT (RS256, acting as a super
// administrator through domain-wide delegation) exchanged for a token;
// every Directory user (suspended, archived, last login) along
// nextPageToken; the Workspace licence assignments of the customer (the
// Licensing API) along nextPageToken. Seats bought are not in these APIs
// (only the Reseller API has them): they come from the tenant's contract.
#include <algorithm>
#include <cctype>
#include <map>

#include "collectors/saas/connector.h"
#include "collectors/saas/google_parsers.h"
#include "collectors/saas/graph_parsers.h"
#include "collectors/saas/vendor_session.h"
#include "common/jwt.h"

namespace surveyor::collectors::saas {
namespace {

constexpr const char* kScopes =
    "https://www.googleapis.com/auth/admin.directory.user.readonly "
    "https://www.googleapis.com/auth/apps.licensing";
constexpr const char* kGoogleToken = "https://oauth2.googleapis.com/token";

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return s;
}

// A token for the service account acting as `subject` with `scopes`.
bool FetchGoogleToken(VendorSession& google,
                      const GoogleServiceAccount& account,
                      const std::string& subject = "",
                      const char* scopes = kScopes) {
  const ConnectorSettings& s = google.settings();
  const std::string url = !s.token_url.empty()         ? s.token_url
                          : !account.token_uri.empty() ? account.token_uri
                                                       : kGoogleToken;
  auto jwt = common::SignJwtRs256(
      account.private_key,
      GoogleJwtClaims(account, subject.empty() ? s.subject : subject, scopes,
                      url, google.Now()));
  if (!jwt) return google.Fail("token", jwt.error().message);
  HttpCall call;
  call.method = "POST";
  call.url = url;
  call.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  call.body =
      "grant_type=" + UrlEncode("urn:ietf:params:oauth:grant-type:jwt-bearer") +
      "&assertion=" + *jwt;
  auto reply = google.Send(call, "token");
  if (!reply) return false;
  if (reply->status != 200) {
    return google.FailReply("token", *reply, OAuthErrorText(reply->body));
  }
  auto token = ParseAccessToken(reply->body);
  if (!token) return google.Fail("token", token.error().reason);
  google.SetHeaders({{"Authorization", "Bearer " + token->token},
                     {"Accept", "application/json"}});
  return true;
}

// Walks a nextPageToken listing; `take` gets each body and returns the
// next token ("" to stop) or nullopt after recording why.
template <typename Take>
bool WalkTokens(VendorSession& google, const std::string& first,
                const std::string& endpoint, Take take) {
  std::string token;
  for (int page = 0;; ++page) {
    if (!google.PageAllowed(page, endpoint)) return false;
    std::string url = first;
    if (!token.empty()) url += "&pageToken=" + UrlEncode(token);
    auto reply = google.Get(url, endpoint);
    if (!reply) return false;
    if (reply->status != 200) {
      return google.FailReply(endpoint, *reply, GoogleErrorText(reply->body));
    }
    auto next = take(reply->body, page);
    if (!next) return false;
    token = *next;
    if (token.empty()) return true;
  }
}

}  // namespace

ConnectorResult RunGoogleWorkspace(const ConnectorSettings& given,
                                   HttpClient& client, Waiter& waiter) {
  ConnectorSettings settings = given;
  settings.throttle.rate_limited = IsGoogleRateLimited;
  ConnectorResult result;
  VendorSession google(kGoogleWorkspace, "https://admin.googleapis.com",
                       settings, client, waiter, result);
  auto account = ParseGoogleServiceAccount(settings.secret);
  if (!account) {
    google.Fail("service account key", account.error().reason);
    return result;
  }
  if (!FetchGoogleToken(google, *account)) return result;
  google.SetReauth([&] { return FetchGoogleToken(google, *account); });

  const bool users_complete = WalkTokens(
      google,
      google.Base() +
          "/admin/directory/v1/users?customer=my_customer&maxResults=500",
      "directory users",
      [&](const std::string& body, int page) -> std::optional<std::string> {
        auto parsed = ParseGoogleUsersPage(body);
        if (!parsed) {
          google.Fail("directory users", "page " + std::to_string(page + 1) +
                                             ": " + parsed.error().reason);
          return std::nullopt;
        }
        for (auto& p : parsed->users) result.people.push_back(std::move(p));
        return parsed->next_page_token;
      });

  const std::string licensing = settings.base_url.empty()
                                    ? "https://licensing.googleapis.com"
                                    : google.Base();
  std::map<std::string, SeatCount> skus;
  std::map<std::string, std::vector<std::string>> held;  // e-mail -> skus
  const bool licences_complete = WalkTokens(
      google,
      licensing + "/apps/licensing/v1/product/Google-Apps/users?customerId=" +
          UrlEncode(settings.account) + "&maxResults=1000",
      "licence assignments",
      [&](const std::string& body, int page) -> std::optional<std::string> {
        auto parsed = ParseGoogleLicensePage(body);
        if (!parsed) {
          google.Fail("licence assignments", "page " +
                                                 std::to_string(page + 1) +
                                                 ": " + parsed.error().reason);
          return std::nullopt;
        }
        for (const auto& l : parsed->items) {
          SeatCount& s = skus[l.sku_id];
          s.vendor = std::string(kGoogleWorkspace);
          s.sku_id = l.sku_id;
          s.sku_name = l.sku_name;
          ++s.assigned;
          held[Lower(l.user)].push_back(l.sku_id);
        }
        return parsed->next_page_token;
      });
  // Where the MSP resells Google: seats bought, from the Reseller API, as
  // the reseller's administrator.
  if (!settings.reseller_subject.empty() &&
      FetchGoogleToken(google, *account, settings.reseller_subject,
                       "https://www.googleapis.com/auth/apps.order.readonly")) {
    google.SetReauth([&] {
      return FetchGoogleToken(
          google, *account, settings.reseller_subject,
          "https://www.googleapis.com/auth/apps.order.readonly");
    });
    const std::string reseller = settings.base_url.empty()
                                     ? "https://reseller.googleapis.com"
                                     : google.Base();
    WalkTokens(
        google,
        reseller + "/apps/reseller/v1/subscriptions?customerId=" +
            UrlEncode(settings.account) + "&maxResults=100",
        "reseller subscriptions",
        [&](const std::string& body, int page) -> std::optional<std::string> {
          auto parsed = ParseGoogleResellerPage(body);
          if (!parsed) {
            google.Fail("reseller subscriptions",
                        "page " + std::to_string(page + 1) + ": " +
                            parsed.error().reason);
            return std::nullopt;
          }
          for (const auto& bought : parsed->subscriptions) {
            SeatCount& s = skus[bought.sku_id];
            s.vendor = std::string(kGoogleWorkspace);
            s.sku_id = bought.sku_id;
            if (s.sku_name.empty()) s.sku_name = bought.sku_name;
            s.purchased += bought.purchased;
            s.status = bought.status;
            if (s.assigned == 0) s.assigned = bought.licensed;
          }
          return parsed->next_page_token;
        });
  }
  if (licences_complete) {
    for (auto& [id, s] : skus) result.seats.push_back(std::move(s));
  }
  if (users_complete) {
    for (auto& p : result.people) {
      if (auto it = held.find(Lower(p.email)); it != held.end()) {
        p.sku_ids = it->second;
      }
    }
  }
  std::sort(
      result.people.begin(), result.people.end(),
      [](const Person& a, const Person& b) { return a.user_id < b.user_id; });
  return result;
}

}  // namespace surveyor::collectors::saas
