// Google Workspace responses, bytes in, structs out: the service-account
// key file, Admin SDK Directory users pages, Enterprise License Manager
// (Licensing API) assignment pages, and Google's error envelope, whose
// 403 reasons userRateLimitExceeded / rateLimitExceeded / quotaExceeded
// mean "slow down", not "forbidden". Pure.
// Wire facts: ../shared/reference/saas-license-apis.md §2.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"
#include "collectors/saas/http_client.h"
#include "collectors/saas/saas_records.h"

namespace surveyor::collectors::saas {

inline constexpr std::string_view kGoogleWorkspace = "google-workspace";

// The JSON key file Google issues for a service account.
struct GoogleServiceAccount {
  std::string client_email;
  std::string private_key;  // PEM
  std::string token_uri;    // "" when the file has none
};
std::expected<GoogleServiceAccount, ParseError> ParseGoogleServiceAccount(
    std::string_view key_file);

// The JWT claims of the bearer grant: the service account acting as
// `subject` (a super administrator, domain-wide delegation) for `scopes`,
// valid an hour from `now`.
std::string GoogleJwtClaims(const GoogleServiceAccount& account,
                            const std::string& subject,
                            const std::string& scopes,
                            const std::string& audience, std::int64_t now);

// GET admin/directory/v1/users: one page. Suspended and archived users are
// disabled; lastLoginTime 1970-01-01 (never) is unknown.
struct GoogleUsersPage {
  std::vector<Person> users;
  std::string next_page_token;
};
std::expected<GoogleUsersPage, ParseError> ParseGoogleUsersPage(
    std::string_view body);

// GET licensing/v1/product/{product}/users: one page of assignments.
struct GoogleLicense {
  std::string user;  // the user's primary e-mail
  std::string sku_id, sku_name;
};
struct GoogleLicensePage {
  std::vector<GoogleLicense> items;
  std::string next_page_token;
};
std::expected<GoogleLicensePage, ParseError> ParseGoogleLicensePage(
    std::string_view body);

// GET reseller/v1/subscriptions?customerId=: one page. Seats bought are
// seats.numberOfSeats on commitment (ANNUAL_*) plans and
// seats.maximumNumberOfSeats on FLEXIBLE and TRIAL plans;
// licensedNumberOfSeats is what is assigned.
struct GoogleResellerSubscription {
  std::string sku_id, sku_name, status;
  std::uint32_t purchased = 0, licensed = 0;
};
struct GoogleResellerPage {
  std::vector<GoogleResellerSubscription> subscriptions;
  std::string next_page_token;
};
std::expected<GoogleResellerPage, ParseError> ParseGoogleResellerPage(
    std::string_view body);

// {"error": {"code": 403, "message": "...", "errors": [{"reason": ...}]}}
// as "reason: message" ("" when the body is no Google error).
std::string GoogleErrorText(std::string_view body);
// A 403 (or 429) whose reason is a rate or quota limit.
bool IsGoogleRateLimited(const HttpReply& reply);

}  // namespace surveyor::collectors::saas
