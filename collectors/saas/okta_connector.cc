// Okta: every user of the org, page by page along the Link headers, with
// an API token (SSWS). The default listing leaves deprovisioned users
// out, so they are asked for in a second listing: they are the people who
// left, whom the offboarding check looks for elsewhere. Okta's 429 has no
// Retry-After; the wait runs to X-Rate-Limit-Reset (throttle.h).
#include <algorithm>

#include "collectors/saas/connector.h"
#include "collectors/saas/http_headers.h"
#include "collectors/saas/okta_parsers.h"
#include "collectors/saas/vendor_session.h"

namespace surveyor::collectors::saas {

ConnectorResult RunOkta(const ConnectorSettings& settings, HttpClient& client,
                        Waiter& waiter) {
  ConnectorResult result;
  VendorSession okta(kOkta, "", settings, client, waiter, result);
  okta.SetHeaders({{"Authorization", "SSWS " + settings.secret},
                   {"Accept", "application/json"}});
  const std::string users = okta.Base() + "/api/v1/users?limit=200";
  for (const std::string& first :
       {users, users + "&search=" + UrlEncode("status eq \"DEPROVISIONED\"")}) {
    const std::string endpoint =
        first == users ? "users" : "users (deprovisioned)";
    std::string url = first;
    for (int page = 0; !url.empty(); ++page) {
      if (!okta.PageAllowed(page, endpoint)) break;
      auto reply = okta.Get(url, endpoint);
      if (!reply) break;
      if (reply->status != 200) {
        okta.FailReply(endpoint, *reply, OktaErrorText(reply->body));
        break;
      }
      auto parsed = ParseOktaUsers(reply->body);
      if (!parsed) {
        okta.Fail(endpoint, "page " + std::to_string(page + 1) + ": " +
                                parsed.error().reason);
        break;
      }
      for (auto& p : *parsed) result.people.push_back(std::move(p));
      url = NextLink(*reply);
    }
  }
  std::sort(
      result.people.begin(), result.people.end(),
      [](const Person& a, const Person& b) { return a.user_id < b.user_id; });
  result.people.erase(std::unique(result.people.begin(), result.people.end(),
                                  [](const Person& a, const Person& b) {
                                    return a.user_id == b.user_id;
                                  }),
                      result.people.end());
  if (!result.partial) {
    SeatCount seats;
    seats.vendor = std::string(kOkta);
    seats.sku_id = std::string(kOkta);
    seats.sku_name = "Okta";
    seats.assigned = static_cast<std::uint32_t>(
        std::count_if(result.people.begin(), result.people.end(),
                      [](const Person& p) { return !p.sku_ids.empty(); }));
    result.seats.push_back(std::move(seats));
  }
  return result;
}

}  // namespace surveyor::collectors::saas
