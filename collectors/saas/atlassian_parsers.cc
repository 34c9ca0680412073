#include "collectors/saas/atlassian_parsers.h"

#include "collectors/json_util.h"
#include "collectors/saas/vendor_json.h"

namespace surveyor::collectors::saas {

namespace json = boost::json;

std::expected<AtlassianUsersPage, ParseError> ParseAtlassianUsersPage(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "users");
  if (!doc) return std::unexpected(doc.error());
  auto top = JsonTopObject(*doc, "users");
  if (!top) return std::unexpected(top.error());
  const json::array* data = JsonArray(**top, "data");
  if (data == nullptr) {
    return std::unexpected(ParseError{0, 0, "users page has no data array"});
  }
  AtlassianUsersPage page;
  if (const auto* links = JsonObject(**top, "links")) {
    page.next = JsonString(*links, "next");
  }
  for (const auto& item : *data) {
    if (!item.is_object()) continue;
    const auto& u = item.get_object();
    Person p;
    p.vendor = std::string(kAtlassian);
    p.user_id = JsonString(u, "account_id");
    p.email = JsonString(u, "email");
    if (p.user_id.empty()) {
      return std::unexpected(ParseError{0, 0, "a user has no account_id"});
    }
    p.enabled = JsonString(u, "account_status") == "active";
    p.last_active = JsonTime(u.if_contains("last_active"));
    if (JsonFlag(u, "access_billable")) {
      if (const auto* products = JsonArray(u, "product_access")) {
        for (const auto& pa : *products) {
          if (!pa.is_object()) continue;
          const std::string key = JsonString(pa.get_object(), "key");
          if (key.empty()) continue;
          p.sku_ids.push_back(key);
          page.products.emplace_back(key, JsonString(pa.get_object(), "name"));
        }
      }
    }
    page.users.push_back(std::move(p));
  }
  return page;
}

std::expected<std::uint32_t, ParseError> ParseJiraApproximateCount(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "licence count");
  if (!doc) return std::unexpected(doc.error());
  auto top = JsonTopObject(*doc, "licence count");
  if (!top) return std::unexpected(top.error());
  auto count = JsonCount((*top)->if_contains("value"));
  if (!count) {
    return std::unexpected(ParseError{0, 0, "licence count has no value"});
  }
  return *count;
}

std::string AtlassianErrorText(std::string_view body) {
  auto doc = ParseJsonDocument(body, "error");
  if (!doc || !doc->is_object()) return "";
  const auto& o = doc->get_object();
  if (const auto* errors = JsonArray(o, "errors")) {
    for (const auto& e : *errors) {
      if (!e.is_object()) continue;
      std::string title = JsonString(e.get_object(), "title");
      std::string detail = JsonString(e.get_object(), "detail");
      return detail.empty() ? title : title + ": " + detail;
    }
  }
  return JsonString(o, "message");
}

}  // namespace surveyor::collectors::saas
