// Microsoft 365 through Microsoft Graph: a client-credentials token, the
// tenant's subscribedSkus, then every user with licences and (on tenants
// with Entra ID P1) sign-in activity, page by page along @odata.nextLink.
#include <algorithm>

#include "collectors/parse_error.h"
#include "collectors/saas/connector.h"
#include "collectors/saas/graph_parsers.h"

namespace surveyor::collectors::saas {
namespace {

constexpr std::string_view kUsersSelect =
    "id,userPrincipalName,mail,accountEnabled,assignedLicenses,"
    "createdDateTime";

class GraphSession {
 public:
  GraphSession(const ConnectorSettings& s, HttpClient& client, Waiter& waiter,
               ConnectorResult& result)
      : s_(s), client_(client), waiter_(waiter), result_(result) {}

  bool FetchToken() {
    HttpCall call;
    call.method = "POST";
    call.url = s_.token_url.empty()
                   ? "https://login.microsoftonline.com/" +
                         UrlEncode(s_.tenant_id) + "/oauth2/v2.0/token"
                   : s_.token_url;
    call.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    call.body = "client_id=" + UrlEncode(s_.client_id) +
                "&scope=" + UrlEncode("https://graph.microsoft.com/.default") +
                "&client_secret=" + UrlEncode(s_.secret) +
                "&grant_type=client_credentials";
    auto sent = SendThrottled(client_, waiter_, call, s_.throttle);
    if (!sent) return Fail("token", sent.error().message);
    if (sent->reply.status != 200) {
      return Fail("token",
                  HttpFailure(sent->reply, OAuthErrorText(sent->reply.body)));
    }
    auto token = ParseAccessToken(sent->reply.body);
    if (!token) return Fail("token", token.error().reason);
    token_ = token->token;
    return true;
  }

  // GET with the token; a 401 (the token expired mid-run) gets one new
  // token and one more try. nullopt after recording the failure.
  std::optional<HttpReply> Get(const std::string& url,
                               const std::string& endpoint) {
    for (int round = 0; round < 2; ++round) {
      HttpCall call;
      call.url = url;
      call.headers = {{"Authorization", "Bearer " + token_},
                      {"Accept", "application/json"}};
      auto sent = SendThrottled(client_, waiter_, call, s_.throttle);
      if (!sent) {
        Fail(endpoint, sent.error().message);
        return std::nullopt;
      }
      if (sent->reply.status == 401 && round == 0) {
        if (!FetchToken()) return std::nullopt;
        continue;
      }
      return std::move(sent->reply);
    }
    return std::nullopt;
  }

  bool Fail(const std::string& endpoint, const std::string& what) {
    result_.partial = true;
    result_.errors.push_back(std::string(kMicrosoft365) + " " + endpoint +
                             ": " + what);
    return false;
  }

  std::string Base() const {
    std::string base =
        s_.base_url.empty() ? "https://graph.microsoft.com" : s_.base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base;
  }

 private:
  const ConnectorSettings& s_;
  HttpClient& client_;
  Waiter& waiter_;
  ConnectorResult& result_;
  std::string token_;
};

}  // namespace

ConnectorResult RunMicrosoft365(const ConnectorSettings& settings,
                                HttpClient& client, Waiter& waiter) {
  ConnectorResult result;
  result.vendor = std::string(kMicrosoft365);
  GraphSession graph(settings, client, waiter, result);
  if (!graph.FetchToken()) return result;

  if (auto reply =
          graph.Get(graph.Base() + "/v1.0/subscribedSkus", "subscribedSkus")) {
    if (reply->status != 200) {
      graph.Fail("subscribedSkus",
                 HttpFailure(*reply, GraphErrorText(reply->body)));
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
    if (page == settings.max_pages) {
      graph.Fail("users", "more than " + std::to_string(settings.max_pages) +
                              " pages; the listing is cut");
      break;
    }
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
      graph.Fail("users", HttpFailure(*reply, GraphErrorText(reply->body)));
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
