#include "collectors/saas/github_parsers.h"

#include "collectors/json_util.h"
#include "collectors/saas/vendor_json.h"

namespace surveyor::collectors::saas {
namespace {

namespace json = boost::json;

std::string CopilotSku(const json::object& o) {
  std::string plan = JsonString(o, "plan_type");
  return "copilot-" + (plan.empty() ? std::string("business") : plan);
}

// A user object's numeric id as text ("" when it has none).
std::string AccountId(const json::object& user) {
  const auto id = JsonCount(user.if_contains("id"));
  return id ? std::to_string(*id) : "";
}

}  // namespace

std::expected<std::optional<SeatCount>, ParseError> ParseGitHubOrg(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "organization");
  if (!doc) return std::unexpected(doc.error());
  auto top = JsonTopObject(*doc, "organization");
  if (!top) return std::unexpected(top.error());
  const json::object* plan = JsonObject(**top, "plan");
  if (plan == nullptr) return std::nullopt;
  SeatCount seats;
  seats.vendor = std::string(kGitHub);
  seats.sku_id = std::string(kGitHubPlanSku);
  const std::string name = JsonString(*plan, "name");
  seats.sku_name = "GitHub " + (name.empty() ? std::string("plan") : name);
  seats.purchased = JsonCount(plan->if_contains("seats")).value_or(0);
  seats.assigned = JsonCount(plan->if_contains("filled_seats")).value_or(0);
  return seats;
}

std::expected<std::vector<Person>, ParseError> ParseGitHubMembers(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "members");
  if (!doc) return std::unexpected(doc.error());
  auto list = JsonTopArray(*doc, "members");
  if (!list) return std::unexpected(list.error());
  std::vector<Person> out;
  for (const auto& item : **list) {
    if (!item.is_object()) continue;
    const auto& user = item.get_object();
    Person p;
    p.vendor = std::string(kGitHub);
    p.user_id = AccountId(user);
    p.email = JsonString(user, "login");
    if (p.user_id.empty() || p.email.empty()) {
      return std::unexpected(ParseError{0, 0, "a member has no login or id"});
    }
    p.sku_ids.push_back(std::string(kGitHubPlanSku));
    out.push_back(std::move(p));
  }
  return out;
}

std::expected<SeatCount, ParseError> ParseGitHubCopilotBilling(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "copilot billing");
  if (!doc) return std::unexpected(doc.error());
  auto top = JsonTopObject(*doc, "copilot billing");
  if (!top) return std::unexpected(top.error());
  const json::object* breakdown = JsonObject(**top, "seat_breakdown");
  if (breakdown == nullptr) {
    return std::unexpected(
        ParseError{0, 0, "copilot billing has no seat_breakdown"});
  }
  SeatCount seats;
  seats.vendor = std::string(kGitHub);
  seats.sku_id = CopilotSku(**top);
  std::string plan = JsonString(**top, "plan_type");
  if (!plan.empty()) plan[0] = static_cast<char>(std::toupper(plan[0]));
  seats.sku_name = "GitHub Copilot" + (plan.empty() ? "" : " " + plan);
  seats.status = JsonString(**top, "seat_management_setting");
  // Copilot bills per assigned seat: what is bought is what is assigned.
  seats.purchased = JsonCount(breakdown->if_contains("total")).value_or(0);
  seats.assigned = seats.purchased;
  return seats;
}

std::expected<CopilotSeatsPage, ParseError> ParseGitHubCopilotSeats(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "copilot seats");
  if (!doc) return std::unexpected(doc.error());
  auto top = JsonTopObject(*doc, "copilot seats");
  if (!top) return std::unexpected(top.error());
  const json::array* seats = JsonArray(**top, "seats");
  if (seats == nullptr) {
    return std::unexpected(ParseError{0, 0, "copilot seats has no seats"});
  }
  CopilotSeatsPage page;
  page.total_seats = JsonCount((*top)->if_contains("total_seats")).value_or(0);
  for (const auto& item : *seats) {
    if (!item.is_object()) continue;
    const auto& seat = item.get_object();
    const json::object* assignee = JsonObject(seat, "assignee");
    if (assignee == nullptr || AccountId(*assignee).empty()) {
      ++page.without_assignee;
      continue;
    }
    Person p;
    p.vendor = std::string(kGitHub);
    p.user_id = AccountId(*assignee);
    p.email = JsonString(*assignee, "login");
    p.sku_ids.push_back(CopilotSku(seat));
    p.last_active = JsonTime(seat.if_contains("last_activity_at"));
    p.activity_sku_ids = p.sku_ids;  // Copilot use, not GitHub use
    page.holders.push_back(std::move(p));
  }
  return page;
}

std::string GitHubErrorText(std::string_view body) {
  auto doc = ParseJsonDocument(body, "error");
  if (!doc || !doc->is_object()) return "";
  return JsonString(doc->get_object(), "message");
}

}  // namespace surveyor::collectors::saas
