#include "collectors/saas/adobe_parsers.h"

#include "collectors/json_util.h"
#include "collectors/saas/vendor_json.h"

namespace surveyor::collectors::saas {
namespace {

namespace json = boost::json;

std::expected<const json::object*, ParseError> Page(const json::value& doc,
                                                    std::string_view what,
                                                    bool& last_page) {
  auto top = JsonTopObject(doc, what);
  if (!top) return top;
  const std::string result = JsonString(**top, "result");
  if (result != "success") {
    return std::unexpected(
        ParseError{0, 0, std::string(what) + " result is '" + result + "'"});
  }
  const auto* last = (*top)->if_contains("lastPage");
  if (last == nullptr || !last->is_bool()) {
    return std::unexpected(
        ParseError{0, 0, std::string(what) + " has no lastPage"});
  }
  last_page = last->get_bool();
  return top;
}

}  // namespace

std::expected<AdobeGroupsPage, ParseError> ParseAdobeGroupsPage(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "groups");
  if (!doc) return std::unexpected(doc.error());
  AdobeGroupsPage page;
  auto top = Page(*doc, "groups", page.last_page);
  if (!top) return std::unexpected(top.error());
  const json::array* groups = JsonArray(**top, "groups");
  if (groups == nullptr) return page;
  for (const auto& item : *groups) {
    if (!item.is_object()) continue;
    const auto& g = item.get_object();
    if (JsonString(g, "type") != "PRODUCT_PROFILE") continue;
    SeatCount s;
    s.vendor = std::string(kAdobe);
    s.sku_id = JsonString(g, "groupName");
    if (s.sku_id.empty()) continue;
    const std::string product = JsonString(g, "productName");
    s.sku_name = product.empty() ? s.sku_id : product + " / " + s.sku_id;
    s.purchased = JsonCount(g.if_contains("licenseQuota")).value_or(0);
    s.assigned = JsonCount(g.if_contains("memberCount")).value_or(0);
    page.profiles.push_back(std::move(s));
  }
  return page;
}

std::expected<AdobeUsersPage, ParseError> ParseAdobeUsersPage(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "users");
  if (!doc) return std::unexpected(doc.error());
  AdobeUsersPage page;
  auto top = Page(*doc, "users", page.last_page);
  if (!top) return std::unexpected(top.error());
  const json::array* users = JsonArray(**top, "users");
  if (users == nullptr) return page;
  for (const auto& item : *users) {
    if (!item.is_object()) continue;
    const auto& u = item.get_object();
    Person p;
    p.vendor = std::string(kAdobe);
    p.user_id = JsonString(u, "id");
    p.email = JsonString(u, "email");
    if (p.user_id.empty()) p.user_id = p.email;
    if (p.user_id.empty()) {
      return std::unexpected(ParseError{0, 0, "a user has no id or email"});
    }
    p.enabled = JsonString(u, "status") != "disabled";
    if (const auto* groups = JsonArray(u, "groups")) {
      for (const auto& g : *groups) {
        if (g.is_string()) p.sku_ids.emplace_back(g.get_string());
      }
    }
    page.users.push_back(std::move(p));
  }
  return page;
}

std::string AdobeErrorText(std::string_view body) {
  auto doc = ParseJsonDocument(body, "error");
  if (!doc || !doc->is_object()) return "";
  const auto& o = doc->get_object();
  std::string code = JsonString(o, "result");
  if (code.empty()) code = JsonString(o, "error_code");
  if (code.empty()) code = JsonString(o, "error");
  std::string message = JsonString(o, "message");
  if (message.empty()) message = JsonString(o, "error_description");
  if (code.empty()) return message;
  return message.empty() ? code : code + ": " + message;
}

}  // namespace surveyor::collectors::saas
