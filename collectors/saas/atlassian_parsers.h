// Atlassian organisation admin API responses, bytes in, structs out: pages
// of managed accounts (account status, billable access, last active,
// product access) with links.next. Pure.
// Wire facts: ../shared/reference/saas-license-apis.md §7.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"
#include "collectors/saas/saas_records.h"

namespace surveyor::collectors::saas {

inline constexpr std::string_view kAtlassian = "atlassian";

// GET /admin/v1/orgs/{orgId}/users: one page. A billable account holds a
// seat in each product it has access to (sku = the product key, e.g.
// "jira-software"); an account whose status is not "active" is disabled.
struct AtlassianUsersPage {
  std::vector<Person> users;
  std::vector<std::pair<std::string, std::string>> products;  // key, name
  std::string next;  // links.next: a cursor or a URL; "" on the last page
};
std::expected<AtlassianUsersPage, ParseError> ParseAtlassianUsersPage(
    std::string_view body);

inline constexpr std::string_view kJira = "jira";

// A Jira site's GET /rest/api/3/license/approximateLicenseCount/product/
// {key}: {"key": "license.jira-software.approximateUserCount", "value":
// "115"} (the count is a string, cached up to 7 days by Jira).
std::expected<std::uint32_t, ParseError> ParseJiraApproximateCount(
    std::string_view body);

// {"code": 401, "message": "..."} or {"errors": [{"title": ...}]} as text.
std::string AtlassianErrorText(std::string_view body);

}  // namespace surveyor::collectors::saas
