// Dropbox Business: team/get_info (licences bought and used) and every
// member along members/list_v2 then list/continue_v2 (RPC-style POSTs
// with JSON bodies). A team access token with team_info.read and
// members.read.
#include <algorithm>

#include "collectors/saas/connector.h"
#include "collectors/saas/dropbox_parsers.h"
#include "collectors/saas/vendor_session.h"

namespace surveyor::collectors::saas {
namespace {

std::optional<HttpReply> Rpc(VendorSession& dropbox, const std::string& route,
                             const std::string& body) {
  HttpCall call;
  call.method = "POST";
  call.url = dropbox.Base() + "/2/" + route;
  call.headers = {{"Authorization", "Bearer " + dropbox.settings().secret},
                  {"Content-Type", "application/json"}};
  call.body = body;
  return dropbox.Send(call, route);
}

}  // namespace

ConnectorResult RunDropbox(const ConnectorSettings& settings,
                           HttpClient& client, Waiter& waiter) {
  ConnectorResult result;
  VendorSession dropbox(kDropbox, "https://api.dropboxapi.com", settings,
                        client, waiter, result);
  if (auto reply = Rpc(dropbox, "team/get_info", "null")) {
    if (reply->status != 200) {
      dropbox.FailReply("team/get_info", *reply, DropboxErrorText(reply->body));
      return result;  // a bad token: the members fail the same way
    }
    auto seats = ParseDropboxTeamInfo(reply->body);
    if (!seats) {
      dropbox.Fail("team/get_info", seats.error().reason);
    } else {
      result.seats.push_back(std::move(*seats));
    }
  } else {
    return result;
  }
  std::string route = "team/members/list_v2";
  std::string body = R"({"limit":1000})";
  for (int page = 0;; ++page) {
    if (!dropbox.PageAllowed(page, route)) break;
    auto reply = Rpc(dropbox, route, body);
    if (!reply) break;
    if (reply->status != 200) {
      dropbox.FailReply(route, *reply, DropboxErrorText(reply->body));
      break;
    }
    auto parsed = ParseDropboxMembersPage(reply->body);
    if (!parsed) {
      dropbox.Fail(route, "page " + std::to_string(page + 1) + ": " +
                              parsed.error().reason);
      break;
    }
    for (auto& p : parsed->members) result.people.push_back(std::move(p));
    if (!parsed->has_more) break;
    route = "team/members/list/continue_v2";
    std::string cursor;
    for (char c : parsed->cursor) {
      if (c == '"' || c == '\\') cursor += '\\';
      cursor += c;
    }
    body = R"({"cursor":")" + cursor + "\"}";
  }
  std::sort(
      result.people.begin(), result.people.end(),
      [](const Person& a, const Person& b) { return a.user_id < b.user_id; });
  return result;
}

}  // namespace surveyor::collectors::saas
