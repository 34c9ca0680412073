// Adobe User Management API responses, bytes in, structs out: pages of
// groups (product profiles with licenseQuota, a number as a string or
// "UNLIMITED", and memberCount) and of users (status and the groups they
// are in), each ending with lastPage; and the IMS token. Pure.
// Wire facts: ../shared/reference/saas-license-apis.md §9.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"
#include "collectors/saas/saas_records.h"

namespace surveyor::collectors::saas {

inline constexpr std::string_view kAdobe = "adobe";

// Product profiles: sku = groupName (users name their groups), name =
// productName + " / " + groupName; purchased = licenseQuota (UNLIMITED:
// unknown), assigned = memberCount. Other group types are left out.
struct AdobeGroupsPage {
  std::vector<SeatCount> profiles;
  bool last_page = true;
};
std::expected<AdobeGroupsPage, ParseError> ParseAdobeGroupsPage(
    std::string_view body);

// Users: enabled unless status is "disabled"; sku_ids = every group named
// (filtered to product profiles by the connector).
struct AdobeUsersPage {
  std::vector<Person> users;
  bool last_page = true;
};
std::expected<AdobeUsersPage, ParseError> ParseAdobeUsersPage(
    std::string_view body);

// {"result": "error.organization.invalid_id", "message": ...} or IMS's
// {"error", "error_description"} as text.
std::string AdobeErrorText(std::string_view body);

}  // namespace surveyor::collectors::saas
