// Microsoft Graph (Microsoft 365) responses, bytes in, structs out: the
// client-credentials token, subscribedSkus, pages of users with their
// licences and sign-in activity, and Graph's error envelope. Pure.
// Wire facts: ../shared/reference/saas-license-apis.md §1.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"
#include "collectors/saas/saas_records.h"

namespace surveyor::collectors::saas {

inline constexpr std::string_view kMicrosoft365 = "microsoft365";

// An OAuth 2.0 token answer ({"access_token", "expires_in"}); shared by
// every client-credentials vendor.
struct AccessToken {
  std::string token;
  std::int64_t expires_in = 0;  // seconds; 0 when the answer had none
};
std::expected<AccessToken, ParseError> ParseAccessToken(std::string_view body);

// An OAuth error answer: "invalid_client: AADSTS7000215: ..." (or "" when
// the body is no OAuth error).
std::string OAuthErrorText(std::string_view body);

// GET /v1.0/subscribedSkus: the SKUs people can be given (appliesTo
// "User"), purchased = prepaidUnits.enabled + warning (the grace period
// still counts), assigned = consumedUnits.
std::expected<std::vector<SeatCount>, ParseError> ParseGraphSubscribedSkus(
    std::string_view body);

// One page of GET /v1.0/users?$select=id,userPrincipalName,accountEnabled,
// assignedLicenses,signInActivity.
struct GraphUsersPage {
  std::vector<Person> users;
  std::string next_link;  // "@odata.nextLink"; "" on the last page
};
std::expected<GraphUsersPage, ParseError> ParseGraphUsersPage(
    std::string_view body);

// Graph's {"error": {"code", "message"}} as "code: message" ("" when the
// body is no Graph error).
std::string GraphErrorText(std::string_view body);

}  // namespace surveyor::collectors::saas
