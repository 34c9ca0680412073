// Adobe: an IMS server-to-server token (client credentials), then the
// User Management API's product profiles (groups) and users, page by
// page by index until lastPage, with the client id as X-Api-Key. A user's
// seats are the product profiles they are in.
#include <algorithm>
#include <set>

#include "collectors/saas/adobe_parsers.h"
#include "collectors/saas/connector.h"
#include "collectors/saas/graph_parsers.h"
#include "collectors/saas/vendor_session.h"

namespace surveyor::collectors::saas {
namespace {

bool FetchAdobeToken(VendorSession& adobe) {
  const ConnectorSettings& s = adobe.settings();
  HttpCall call;
  call.method = "POST";
  call.url = s.token_url.empty() ? "https://ims-na1.adobelogin.com/ims/token/v3"
                                 : s.token_url;
  call.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  call.body =
      "grant_type=client_credentials&client_id=" + UrlEncode(s.client_id) +
      "&client_secret=" + UrlEncode(s.secret) +
      "&scope=" + UrlEncode("openid,AdobeID,user_management_sdk");
  auto reply = adobe.Send(call, "token");
  if (!reply) return false;
  if (reply->status != 200) {
    return adobe.FailReply("token", *reply, AdobeErrorText(reply->body));
  }
  auto token = ParseAccessToken(reply->body);
  if (!token) return adobe.Fail("token", token.error().reason);
  adobe.SetHeaders({{"Authorization", "Bearer " + token->token},
                    {"X-Api-Key", s.client_id},
                    {"Accept", "application/json"}});
  return true;
}

// Pages 0, 1, … of `kind` until lastPage; `take` gets each body and
// returns whether that page was the last, or nullopt after a failure.
template <typename Take>
void WalkPages(VendorSession& adobe, const std::string& kind, Take take) {
  for (int page = 0;; ++page) {
    if (!adobe.PageAllowed(page, kind)) return;
    auto reply = adobe.Get(adobe.Base() + "/v2/usermanagement/" + kind + "/" +
                               UrlEncode(adobe.settings().account) + "/" +
                               std::to_string(page),
                           kind);
    if (!reply) return;
    if (reply->status != 200) {
      adobe.FailReply(kind, *reply, AdobeErrorText(reply->body));
      return;
    }
    auto last = take(reply->body, page);
    if (!last || *last) return;
  }
}

}  // namespace

ConnectorResult RunAdobe(const ConnectorSettings& settings, HttpClient& client,
                         Waiter& waiter) {
  ConnectorResult result;
  VendorSession adobe(kAdobe, "https://usermanagement.adobe.io", settings,
                      client, waiter, result);
  if (!FetchAdobeToken(adobe)) return result;
  adobe.SetReauth([&] { return FetchAdobeToken(adobe); });
  std::set<std::string> profiles;
  WalkPages(adobe, "groups",
            [&](const std::string& body, int page) -> std::optional<bool> {
              auto parsed = ParseAdobeGroupsPage(body);
              if (!parsed) {
                adobe.Fail("groups", "page " + std::to_string(page + 1) + ": " +
                                         parsed.error().reason);
                return std::nullopt;
              }
              for (auto& s : parsed->profiles) {
                profiles.insert(s.sku_id);
                result.seats.push_back(std::move(s));
              }
              return parsed->last_page;
            });
  WalkPages(adobe, "users",
            [&](const std::string& body, int page) -> std::optional<bool> {
              auto parsed = ParseAdobeUsersPage(body);
              if (!parsed) {
                adobe.Fail("users", "page " + std::to_string(page + 1) + ": " +
                                        parsed.error().reason);
                return std::nullopt;
              }
              for (auto& p : parsed->users) {
                std::erase_if(p.sku_ids, [&](const std::string& g) {
                  return !profiles.contains(g);
                });
                result.people.push_back(std::move(p));
              }
              return parsed->last_page;
            });
  std::sort(
      result.people.begin(), result.people.end(),
      [](const Person& a, const Person& b) { return a.user_id < b.user_id; });
  return result;
}

}  // namespace surveyor::collectors::saas
