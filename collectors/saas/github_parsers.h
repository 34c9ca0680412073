// GitHub REST API responses, bytes in, structs out: the organisation's
// plan seats, its members, Copilot billing and Copilot seats with their
// last activity, and GitHub's {"message"} error body. Pure.
// Wire facts: ../shared/reference/saas-license-apis.md §5.
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

inline constexpr std::string_view kGitHub = "github";
inline constexpr std::string_view kGitHubPlanSku = "github-plan";

// GET /orgs/{org}: the "plan" object (seats purchased, filled_seats
// assigned); nullopt when the answer has none (only owners see it).
std::expected<std::optional<SeatCount>, ParseError> ParseGitHubOrg(
    std::string_view body);

// GET /orgs/{org}/members: one page (a bare array of users). People are
// identified by login (GitHub does not give members' e-mail); user_id is
// the numeric account id.
std::expected<std::vector<Person>, ParseError> ParseGitHubMembers(
    std::string_view body);

// GET /orgs/{org}/copilot/billing: seat_breakdown.total seats billed,
// as sku "copilot-<plan_type>".
std::expected<SeatCount, ParseError> ParseGitHubCopilotBilling(
    std::string_view body);

// GET /orgs/{org}/copilot/billing/seats: one page. Seats whose assignee
// is null (an account deleted since) are counted, not listed.
struct CopilotSeatsPage {
  std::vector<Person> holders;  // sku_ids {"copilot-<plan_type>"},
                                // last_active = last_activity_at
  std::uint32_t total_seats = 0;
  std::uint32_t without_assignee = 0;
};
std::expected<CopilotSeatsPage, ParseError> ParseGitHubCopilotSeats(
    std::string_view body);

// {"message": "...", "documentation_url": "..."} as the message ("" when
// the body is no GitHub error).
std::string GitHubErrorText(std::string_view body);

}  // namespace surveyor::collectors::saas
