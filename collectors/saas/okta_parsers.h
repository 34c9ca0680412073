// Okta Users API responses, bytes in, structs out: pages of users (a bare
// JSON array, no envelope; the next page is in the Link headers) and
// Okta's {"errorCode", "errorSummary"} error body. Pure.
// Wire facts: ../shared/reference/saas-license-apis.md §6.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"
#include "collectors/saas/saas_records.h"

namespace surveyor::collectors::saas {

inline constexpr std::string_view kOkta = "okta";

// GET /api/v1/users: one page. A user whose status is SUSPENDED or
// DEPROVISIONED is disabled; every user not DEPROVISIONED holds an "okta"
// seat (Okta bills per user). Identity: profile.login.
std::expected<std::vector<Person>, ParseError> ParseOktaUsers(
    std::string_view body);

// {"errorCode": "E0000047", "errorSummary": "..."} as "E0000047: ..."
// ("" when the body is no Okta error).
std::string OktaErrorText(std::string_view body);

}  // namespace surveyor::collectors::saas
