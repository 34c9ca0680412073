// Atlassian Cloud: the organisation's managed accounts through the org
// admin API (an organisation API key), page by page along links.next;
// seats per product from the billable accounts with access to it. Seats
// bought are not in the API: the tenant's contract gives them.
#include <algorithm>
#include <map>

#include "collectors/saas/atlassian_parsers.h"
#include "collectors/saas/connector.h"
#include "collectors/saas/vendor_session.h"

namespace surveyor::collectors::saas {

ConnectorResult RunAtlassian(const ConnectorSettings& settings,
                             HttpClient& client, Waiter& waiter) {
  ConnectorResult result;
  VendorSession atlassian(kAtlassian, "https://api.atlassian.com", settings,
                          client, waiter, result);
  atlassian.SetHeaders({{"Authorization", "Bearer " + settings.secret},
                        {"Accept", "application/json"}});
  const std::string first = atlassian.Base() + "/admin/v1/orgs/" +
                            UrlEncode(settings.account) + "/users";
  std::map<std::string, std::string> product_names;
  std::string url = first;
  for (int page = 0; !url.empty(); ++page) {
    if (!atlassian.PageAllowed(page, "users")) break;
    auto reply = atlassian.Get(url, "users");
    if (!reply) break;
    if (reply->status != 200) {
      atlassian.FailReply("users", *reply, AtlassianErrorText(reply->body));
      break;
    }
    auto parsed = ParseAtlassianUsersPage(reply->body);
    if (!parsed) {
      atlassian.Fail("users", "page " + std::to_string(page + 1) + ": " +
                                  parsed.error().reason);
      break;
    }
    for (auto& p : parsed->users) result.people.push_back(std::move(p));
    for (auto& [key, name] : parsed->products) product_names[key] = name;
    // links.next is a URL in some answers and a cursor in others.
    url = parsed->next.empty() ? ""
          : parsed->next.starts_with("http")
              ? parsed->next
              : first + "?cursor=" + UrlEncode(parsed->next);
  }
  if (!result.partial) {
    for (const auto& [key, name] : product_names) {
      SeatCount s;
      s.vendor = std::string(kAtlassian);
      s.sku_id = key;
      s.sku_name = name.empty() ? key : name;
      s.assigned = static_cast<std::uint32_t>(std::count_if(
          result.people.begin(), result.people.end(), [&](const Person& p) {
            return std::find(p.sku_ids.begin(), p.sku_ids.end(), key) !=
                   p.sku_ids.end();
          }));
      result.seats.push_back(std::move(s));
    }
  }
  std::sort(
      result.people.begin(), result.people.end(),
      [](const Person& a, const Person& b) { return a.user_id < b.user_id; });
  return result;
}

}  // namespace surveyor::collectors::saas
