// Zoom: a Server-to-Server OAuth token (account credentials, one hour, no
// refresh token: a 401 mid-run gets a new one), the account's plan usage
// (hosts bought and used), and every user by status (active, inactive =
// deactivated, pending = invited) along next_page_token.
#include <algorithm>

#include "collectors/saas/connector.h"
#include "collectors/saas/graph_parsers.h"
#include "collectors/saas/vendor_session.h"
#include "collectors/saas/zoom_parsers.h"
#include "common/random.h"

namespace surveyor::collectors::saas {
namespace {

bool FetchZoomToken(VendorSession& zoom) {
  const ConnectorSettings& s = zoom.settings();
  HttpCall call;
  call.method = "POST";
  call.url = s.token_url.empty() ? "https://zoom.us/oauth/token" : s.token_url;
  call.headers = {{"Authorization",
                   "Basic " + common::Base64(s.client_id + ":" + s.secret)},
                  {"Content-Type", "application/x-www-form-urlencoded"}};
  call.body =
      "grant_type=account_credentials&account_id=" + UrlEncode(s.account);
  auto reply = zoom.Send(call, "token");
  if (!reply) return false;
  if (reply->status != 200) {
    std::string text = OAuthErrorText(reply->body);
    if (text.empty()) text = ZoomErrorText(reply->body);
    return zoom.FailReply("token", *reply, text);
  }
  auto token = ParseAccessToken(reply->body);
  if (!token) return zoom.Fail("token", token.error().reason);
  zoom.SetHeaders({{"Authorization", "Bearer " + token->token},
                   {"Accept", "application/json"}});
  return true;
}

}  // namespace

ConnectorResult RunZoom(const ConnectorSettings& settings, HttpClient& client,
                        Waiter& waiter) {
  ConnectorResult result;
  VendorSession zoom(kZoom, "https://api.zoom.us", settings, client, waiter,
                     result);
  if (!FetchZoomToken(zoom)) return result;
  zoom.SetReauth([&] { return FetchZoomToken(zoom); });

  bool plans_read = false;
  if (auto reply = zoom.Get(zoom.Base() + "/v2/accounts/me/plans/usage",
                            "plans/usage")) {
    if (reply->status != 200) {
      zoom.FailReply("plans/usage", *reply, ZoomErrorText(reply->body));
    } else if (auto plans = ParseZoomPlanUsage(reply->body); !plans) {
      zoom.Fail("plans/usage", plans.error().reason);
    } else {
      result.seats = std::move(*plans);
      plans_read = true;
    }
  }

  bool users_complete = true;
  for (const char* status : {"active", "inactive", "pending"}) {
    const std::string endpoint = std::string("users?status=") + status;
    std::string token;
    for (int page = 0;; ++page) {
      if (!zoom.PageAllowed(page, endpoint)) {
        users_complete = false;
        break;
      }
      std::string url =
          zoom.Base() + "/v2/users?status=" + status + "&page_size=300";
      if (!token.empty()) url += "&next_page_token=" + UrlEncode(token);
      auto reply = zoom.Get(url, endpoint);
      if (!reply) {
        users_complete = false;
        break;
      }
      if (reply->status != 200) {
        zoom.FailReply(endpoint, *reply, ZoomErrorText(reply->body));
        users_complete = false;
        break;
      }
      auto parsed = ParseZoomUsersPage(reply->body);
      if (!parsed) {
        zoom.Fail(endpoint, "page " + std::to_string(page + 1) + ": " +
                                parsed.error().reason);
        users_complete = false;
        break;
      }
      for (auto& p : parsed->users) result.people.push_back(std::move(p));
      token = parsed->next_page_token;
      if (token.empty()) break;
    }
  }
  // Without plan usage (the account is no master account, or the scope
  // is missing), the Licensed users counted are the seats assigned.
  if (!plans_read && users_complete) {
    SeatCount counted;
    counted.vendor = std::string(kZoom);
    counted.sku_id = std::string(kZoomBaseSku);
    counted.sku_name = "Zoom Meetings";
    counted.assigned = static_cast<std::uint32_t>(
        std::count_if(result.people.begin(), result.people.end(),
                      [](const Person& p) { return !p.sku_ids.empty(); }));
    result.seats.push_back(std::move(counted));
  }
  std::sort(
      result.people.begin(), result.people.end(),
      [](const Person& a, const Person& b) { return a.user_id < b.user_id; });
  return result;
}

}  // namespace surveyor::collectors::saas
