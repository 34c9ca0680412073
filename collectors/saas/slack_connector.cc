// Slack: users.list (every member, page by page along next_cursor) and
// team.billableInfo (who is billed, under Slack's Fair Billing Policy).
// One token (a user token with the admin scope reads billing; a bot token
// gets user_is_bot and only the people).
#include <algorithm>
#include <variant>

#include "collectors/saas/connector.h"
#include "collectors/saas/slack_parsers.h"

namespace surveyor::collectors::saas {
namespace {

class SlackSession {
 public:
  SlackSession(const ConnectorSettings& s, HttpClient& client, Waiter& waiter,
               ConnectorResult& result)
      : s_(s), client_(client), waiter_(waiter), result_(result) {}

  // One page of `method`; the body, or nullopt after recording why not.
  std::optional<std::string> Page(const std::string& method,
                                  const std::string& cursor) {
    std::string base = s_.base_url.empty() ? "https://slack.com" : s_.base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    HttpCall call;
    call.url = base + "/api/" + method + "?limit=200";
    if (!cursor.empty()) call.url += "&cursor=" + UrlEncode(cursor);
    call.headers = {{"Authorization", "Bearer " + s_.secret}};
    auto sent = SendThrottled(client_, waiter_, call, s_.throttle);
    if (!sent) {
      Fail(method, sent.error().message);
      return std::nullopt;
    }
    if (sent->reply.status != 200) {
      Fail(method, HttpFailure(sent->reply, ""));
      return std::nullopt;
    }
    return std::move(sent->reply.body);
  }

  void Fail(const std::string& method, const std::string& what) {
    result_.partial = true;
    result_.errors.push_back(std::string(kSlack) + " " + method + ": " + what);
  }

 private:
  const ConnectorSettings& s_;
  HttpClient& client_;
  Waiter& waiter_;
  ConnectorResult& result_;
};

// Walks `method`'s pages: `take` gets each parsed page and returns its
// next cursor.
template <typename Parse, typename Take>
void Walk(SlackSession& slack, const ConnectorSettings& s,
          const std::string& method, Parse parse, Take take) {
  std::string cursor;
  for (int page = 0;; ++page) {
    if (page == s.max_pages) {
      slack.Fail(method, "more than " + std::to_string(s.max_pages) +
                             " pages; the listing is cut");
      return;
    }
    auto body = slack.Page(method, cursor);
    if (!body) return;
    auto parsed = parse(*body);
    if (auto* refused = std::get_if<SlackRefusal>(&parsed)) {
      return slack.Fail(method, refused->error);
    }
    if (auto* bad = std::get_if<ParseError>(&parsed)) {
      return slack.Fail(
          method, "page " + std::to_string(page + 1) + ": " + bad->reason);
    }
    cursor = take(std::get<0>(parsed));
    if (cursor.empty()) return;
  }
}

}  // namespace

ConnectorResult RunSlack(const ConnectorSettings& settings, HttpClient& client,
                         Waiter& waiter) {
  ConnectorResult result;
  result.vendor = std::string(kSlack);
  SlackSession slack(settings, client, waiter, result);
  Walk(slack, settings, "users.list", ParseSlackUsersPage,
       [&](SlackUsersPage& page) {
         for (auto& p : page.users) result.people.push_back(std::move(p));
         return page.next_cursor;
       });
  std::map<std::string, bool> billed;
  const std::size_t errors_before = result.errors.size();
  Walk(slack, settings, "team.billableInfo", ParseSlackBillableInfo,
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
