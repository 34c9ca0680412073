// Microsoft 365 through Microsoft Graph: a client-credentials token, the
// tenant's subscribedSkus, then every user with licences and (on tenants
// with Entra ID P1) sign-in activity, page by page along @odata.nextLink.
#include <algorithm>

#include "collectors/parse_error.h"
#include "collectors/saas/connector.h"
#include "collectors/saas/graph_parsers.h"
#include "collectors/saas/vendor_session.h"

namespace surveyor::collectors::saas {
namespace {

constexpr std::string_view kUsersSelect =
    "id,userPrincipalName,mail,accountEnabled,assignedLicenses,"
    "createdDateTime";

bool FetchGraphToken(VendorSession& graph) {
  const ConnectorSettings& s = graph.settings();
  HttpCall call;
  call.method = "POST";
  call.url = s.token_url.empty()
                 ? "https://login.microsoftonline.com/" +
                       UrlEncode(s.tenant_id) + "/oauth2/v2.0/token"
                 : s.token_url;
  call.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  call.body = "client_id=" + UrlEncode(s.client_id) +
              "&scope=" + UrlEncode("https://graph.microsoft.com/.default") +
              "&client_secret=" + UrlEncode(s.secret) +
              "&grant_type=client_credentials";
  auto reply = graph.Send(call, "token");
  if (!reply) return false;
  if (reply->status != 200) {
    return graph.FailReply("token", *reply, OAuthErrorText(reply->body));
  }
  auto token = ParseAccessToken(reply->body);
  if (!token) return graph.Fail("token", token.error().reason);
  graph.SetHeaders({{"Authorization", "Bearer " + token->token},
                    {"Accept", "application/json"}});
  return true;
}

}  // namespace

ConnectorResult RunMicrosoft365(const ConnectorSettings& settings,
                                HttpClient& client, Waiter& waiter) {
  ConnectorResult result;
  VendorSession graph(kMicrosoft365, "https://graph.microsoft.com", settings,
                      client, waiter, result);
  if (!FetchGraphToken(graph)) return result;
  graph.SetReauth([&] { return FetchGraphToken(graph); });

  if (auto reply =
          graph.Get(graph.Base() + "/v1.0/subscribedSkus", "subscribedSkus")) {
    if (reply->status != 200) {
      graph.FailReply("subscribedSkus", *reply, GraphErrorText(reply->body));
    } else if (auto skus = ParseGraphSubscribedSkus(reply->body); !skus) {
      graph.Fail("subscribedSkus", skus.error().reason);
    } else {
      result.seats = std::move(*skus);
    }
  }

  // Sign-in activity needs Entra ID P1 and AuditLog.Read.All; without
  // them Graph refuses the whole listing (403), so ask again without it:
  // activity is then unknown, never "inactive".
  bool with_activity = true;
  std::string url = graph.Base() +
                    "/v1.0/users?$select=" + std::string(kUsersSelect) +
                    ",signInActivity&$top=120";
  for (int page = 0; !url.empty(); ++page) {
    if (!graph.PageAllowed(page, "users")) break;
    auto reply = graph.Get(url, "users");
    if (!reply) break;
    if (reply->status == 403 && with_activity && page == 0) {
      with_activity = false;
      result.notes.push_back(std::string(kMicrosoft365) +
                             " users: sign-in activity not readable (" +
                             HttpFailure(*reply, GraphErrorText(reply->body)) +
                             "); last sign-in is unknown");
      url = graph.Base() + "/v1.0/users?$select=" + std::string(kUsersSelect) +
            "&$top=999";
      --page;
      continue;
    }
    if (reply->status != 200) {
      graph.FailReply("users", *reply, GraphErrorText(reply->body));
      break;
    }
    auto parsed = ParseGraphUsersPage(reply->body);
    if (!parsed) {
      graph.Fail("users", "page " + std::to_string(page + 1) + ": " +
                              parsed.error().reason);
      break;
    }
    for (auto& p : parsed->users) result.people.push_back(std::move(p));
    url = parsed->next_link;
  }
  std::sort(
      result.people.begin(), result.people.end(),
      [](const Person& a, const Person& b) { return a.user_id < b.user_id; });
  return result;
}

}  // namespace surveyor::collectors::saas
