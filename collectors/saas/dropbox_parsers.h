// Dropbox Business API responses, bytes in, structs out: team/get_info
// (licences bought and used), team/members/list_v2 pages (cursor and
// has_more), and Dropbox's {"error_summary"} error body. Pure.
// Wire facts: ../shared/reference/saas-license-apis.md §9.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"
#include "collectors/saas/saas_records.h"

namespace surveyor::collectors::saas {

inline constexpr std::string_view kDropbox = "dropbox";
inline constexpr std::string_view kDropboxSku = "dropbox-team";

// purchased = num_licensed_users; assigned = num_used_licenses (a newer
// field), else num_provisioned_users.
std::expected<SeatCount, ParseError> ParseDropboxTeamInfo(
    std::string_view body);

// One page of members: active and invited members hold a licence,
// suspended ones hold it disabled, removed ones none.
struct DropboxMembersPage {
  std::vector<Person> members;
  std::string cursor;
  bool has_more = false;
};
std::expected<DropboxMembersPage, ParseError> ParseDropboxMembersPage(
    std::string_view body);

// "invalid_access_token/.." ("" when the body is no Dropbox error).
std::string DropboxErrorText(std::string_view body);

}  // namespace surveyor::collectors::saas
