// Zoom REST API responses, bytes in, structs out: pages of users (by
// status, along next_page_token), the account's plan usage (plan_base is
// an object in the current docs and an array in the generated SDK: both
// are read), and Zoom's {"code", "message"} error body. Pure.
// Wire facts: ../shared/reference/saas-license-apis.md §4.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"
#include "collectors/saas/saas_records.h"

namespace surveyor::collectors::saas {

inline constexpr std::string_view kZoom = "zoom";
// The seat a Licensed user (type 2) takes.
inline constexpr std::string_view kZoomBaseSku = "plan_base";

// GET /v2/users?status=active|inactive|pending: one page. "inactive" is a
// deactivated user (disabled); type 2 (Licensed) holds a plan_base seat.
struct ZoomUsersPage {
  std::vector<Person> users;
  std::string next_page_token;  // "" on the last page
};
std::expected<ZoomUsersPage, ParseError> ParseZoomUsersPage(
    std::string_view body);

// GET /v2/accounts/me/plans/usage: one SeatCount per plan (plan_base,
// plan_united, and each plan_webinar / plan_large_meeting entry), purchased
// = hosts, assigned = usage.
std::expected<std::vector<SeatCount>, ParseError> ParseZoomPlanUsage(
    std::string_view body);

// {"code": 124, "message": "Invalid access token."} as "124: Invalid
// access token." ("" when the body is no Zoom error).
std::string ZoomErrorText(std::string_view body);

}  // namespace surveyor::collectors::saas
