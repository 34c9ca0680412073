// Slack Web API responses, bytes in, structs out: users.list pages and
// team.billableInfo pages. Slack answers application errors with HTTP 200
// and {"ok": false, "error": "invalid_auth"}: every parser checks the
// envelope first and returns its error code. Pure.
// Wire facts: ../shared/reference/saas-license-apis.md §3.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "collectors/parse_error.h"
#include "collectors/saas/saas_records.h"

namespace surveyor::collectors::saas {

inline constexpr std::string_view kSlack = "slack";

// {"ok": false, "error": CODE}: Slack refused the call.
struct SlackRefusal {
  std::string error;
};

// users.list: people who can hold a seat. Bots, app users and Slackbot
// are left out; deactivated ("deleted") members are kept, disabled.
struct SlackUsersPage {
  std::vector<Person> users;
  std::string next_cursor;  // "" on the last page
};
std::variant<SlackUsersPage, SlackRefusal, ParseError> ParseSlackUsersPage(
    std::string_view body);

// team.billableInfo: user id -> billing_active.
struct SlackBillablePage {
  std::map<std::string, bool> billing_active;
  std::string next_cursor;
};
std::variant<SlackBillablePage, SlackRefusal, ParseError>
ParseSlackBillableInfo(std::string_view body);

}  // namespace surveyor::collectors::saas
