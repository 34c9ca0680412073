// Slack: users.list (every member, page by page along next_cursor) and
// team.billableInfo (who is billed, under Slack's Fair Billing Policy).
// One token (a user token with the admin scope reads billing; a bot token
// gets user_is_bot and only the people).
#include <algorithm>
#include <variant>

#include "collectors/saas/connector.h"
#include "collectors/saas/slack_parsers.h"
#include "collectors/saas/vendor_session.h"

namespace surveyor::collectors::saas {
namespace {

// One page of `method`; the body, or nullopt after recording why not.
std::optional<std::string> Page(VendorSession& slack, const std::string& method,
                                const std::string& cursor) {
  std::string url = slack.Base() + "/api/" + method + "?limit=200";
  if (!cursor.empty()) url += "&cursor=" + UrlEncode(cursor);
  auto reply = slack.Get(url, method);
  if (!reply) return std::nullopt;
  if (reply->status != 200) {
    slack.FailReply(method, *reply, "");
    return std::nullopt;
  }
  return std::move(reply->body);
}

// Walks `method`'s pages: `take` gets each parsed page and returns its
// next cursor.
template <typename Parse, typename Take>
void Walk(VendorSession& slack, const std::string& method, Parse parse,
          Take take) {
  std::string cursor;
  for (int page = 0;; ++page) {
    if (!slack.PageAllowed(page, method)) return;
    auto body = Page(slack, method, cursor);
    if (!body) return;
    auto parsed = parse(*body);
    if (auto* refused = std::get_if<SlackRefusal>(&parsed)) {
      slack.Fail(method, refused->error);
      return;
    }
    if (auto* bad = std::get_if<ParseError>(&parsed)) {
      slack.Fail(method,
                 "page " + std::to_string(page + 1) + ": " + bad->reason);
      return;
    }
    cursor = take(std::get<0>(parsed));
    if (cursor.empty()) return;
  }
}

}  // namespace

ConnectorResult RunSlack(const ConnectorSettings& settings, HttpClient& client,
                         Waiter& waiter) {
  ConnectorResult result;
  VendorSession slack(kSlack, "https://slack.com", settings, client, waiter,
                      result);
  slack.SetHeaders({{"Authorization", "Bearer " + settings.secret}});
  Walk(slack, "users.list", ParseSlackUsersPage, [&](SlackUsersPage& page) {
    for (auto& p : page.users) result.people.push_back(std::move(p));
    return page.next_cursor;
  });
  std::map<std::string, bool> billed;
  const std::size_t errors_before = result.errors.size();
  Walk(slack, "team.billableInfo", ParseSlackBillableInfo,
       [&](SlackBillablePage& page) {
         billed.merge(page.billing_active);
         return page.next_cursor;
       });
  if (result.errors.size() == errors_before) {
    SeatCount seats;
    seats.vendor = std::string(kSlack);
    seats.sku_id = "slack";
    seats.sku_name = "Slack";
    seats.assigned = static_cast<std::uint32_t>(std::count_if(
        billed.begin(), billed.end(), [](const auto& b) { return b.second; }));
    result.seats.push_back(std::move(seats));
    for (auto& p : result.people) {
      if (auto it = billed.find(p.user_id); it != billed.end() && it->second) {
        p.sku_ids.push_back("slack");
      }
    }
  }
  std::sort(
      result.people.begin(), result.people.end(),
      [](const Person& a, const Person& b) { return a.user_id < b.user_id; });
  return result;
}

}  // namespace surveyor::collectors::saas
