#include "collectors/saas/zoom_parsers.h"

#include "collectors/json_util.h"
#include "collectors/saas/vendor_json.h"

namespace surveyor::collectors::saas {
namespace {

namespace json = boost::json;

SeatCount Plan(const json::object& plan, std::string sku_id,
               std::string_view label) {
  SeatCount seats;
  seats.vendor = std::string(kZoom);
  const std::string type = JsonString(plan, "type");
  const std::string name = JsonString(plan, "name");
  seats.sku_id = std::move(sku_id);
  seats.sku_name = "Zoom " + std::string(label);
  if (!name.empty()) {
    seats.sku_name += " " + name;
  } else if (!type.empty()) {
    seats.sku_name += " (" + type + ")";
  }
  seats.purchased = JsonCount(plan.if_contains("hosts")).value_or(0);
  seats.assigned = JsonCount(plan.if_contains("usage")).value_or(0);
  return seats;
}

// A plan that is an object, or an array of them (one per size / type):
// each entry becomes one SeatCount; entries after the first get their
// type in the id.
void Plans(const json::object& top, std::string_view key,
           std::string_view label, std::vector<SeatCount>& out) {
  const auto* v = top.if_contains(key);
  if (v == nullptr) return;
  if (v->is_object()) {
    out.push_back(Plan(v->get_object(), std::string(key), label));
    return;
  }
  if (!v->is_array()) return;
  for (const auto& item : v->get_array()) {
    if (!item.is_object()) continue;
    const auto& plan = item.get_object();
    std::string id(key);
    const std::string type = JsonString(plan, "type");
    const std::string hosts =
        std::to_string(JsonCount(plan.if_contains("hosts")).value_or(0));
    // plan_base's single entry keeps the plain id that Licensed users hold.
    if (!(key == kZoomBaseSku && out.empty())) {
      id += ":" + (type.empty() ? hosts : type);
    }
    out.push_back(Plan(plan, std::move(id), label));
  }
}

}  // namespace

std::expected<ZoomUsersPage, ParseError> ParseZoomUsersPage(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "users");
  if (!doc) return std::unexpected(doc.error());
  auto top = JsonTopObject(*doc, "users");
  if (!top) return std::unexpected(top.error());
  const json::array* users = JsonArray(**top, "users");
  if (users == nullptr) {
    return std::unexpected(ParseError{0, 0, "users page has no users array"});
  }
  ZoomUsersPage page;
  page.next_page_token = JsonString(**top, "next_page_token");
  for (const auto& item : *users) {
    if (!item.is_object()) continue;
    const auto& u = item.get_object();
    Person p;
    p.vendor = std::string(kZoom);
    p.user_id = JsonString(u, "id");
    p.email = JsonString(u, "email");
    if (p.user_id.empty()) {
      return std::unexpected(ParseError{0, 0, "a user has no id"});
    }
    p.enabled = JsonString(u, "status") != "inactive";
    if (JsonCount(u.if_contains("type")) == 2u) {
      p.sku_ids.push_back(std::string(kZoomBaseSku));
    }
    p.last_active = JsonTime(u.if_contains("last_login_time"));
    p.created = JsonTime(u.if_contains("user_created_at"));
    if (!p.created) p.created = JsonTime(u.if_contains("created_at"));
    page.users.push_back(std::move(p));
  }
  return page;
}

std::expected<std::vector<SeatCount>, ParseError> ParseZoomPlanUsage(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "plans/usage");
  if (!doc) return std::unexpected(doc.error());
  auto top = JsonTopObject(*doc, "plans/usage");
  if (!top) return std::unexpected(top.error());
  std::vector<SeatCount> out;
  Plans(**top, kZoomBaseSku, "Meetings", out);
  Plans(**top, "plan_united", "United", out);
  Plans(**top, "plan_large_meeting", "Large Meetings", out);
  Plans(**top, "plan_webinar", "Webinars", out);
  if (out.empty()) {
    return std::unexpected(
        ParseError{0, 0, "plans/usage has no plan_base or other plan"});
  }
  return out;
}

std::string ZoomErrorText(std::string_view body) {
  auto doc = ParseJsonDocument(body, "error");
  if (!doc || !doc->is_object()) return "";
  const auto& o = doc->get_object();
  const std::string message = JsonString(o, "message");
  if (message.empty()) return "";
  const auto code = JsonCount(o.if_contains("code"));
  return code ? std::to_string(*code) + ": " + message : message;
}

}  // namespace surveyor::collectors::saas
