#include "collectors/saas/graph_parsers.h"

#include <algorithm>

#include "collectors/json_util.h"
#include "collectors/saas/vendor_json.h"

namespace surveyor::collectors::saas {
namespace {

namespace json = boost::json;

std::expected<const json::object*, ParseError> TopObject(
    const json::value& v, std::string_view what) {
  if (!v.is_object()) {
    return std::unexpected(
        ParseError{0, 0, std::string(what) + " is not a JSON object"});
  }
  return &v.get_object();
}

}  // namespace

std::expected<AccessToken, ParseError> ParseAccessToken(std::string_view body) {
  auto doc = ParseJsonDocument(body, "token answer");
  if (!doc) return std::unexpected(doc.error());
  auto top = TopObject(*doc, "token answer");
  if (!top) return std::unexpected(top.error());
  AccessToken t;
  t.token = JsonString(**top, "access_token");
  if (t.token.empty()) {
    return std::unexpected(
        ParseError{0, 0, "token answer has no access_token"});
  }
  t.expires_in = JsonCount((*top)->if_contains("expires_in")).value_or(0);
  return t;
}

std::string OAuthErrorText(std::string_view body) {
  auto doc = ParseJsonDocument(body, "error");
  if (!doc || !doc->is_object()) return "";
  const auto& o = doc->get_object();
  std::string error = JsonString(o, "error");
  if (error.empty()) return "";
  std::string description = JsonString(o, "error_description");
  // AADSTS descriptions carry a trace and a timestamp on further lines.
  description = description.substr(0, description.find_first_of("\r\n"));
  return description.empty() ? error : error + ": " + description;
}

std::expected<std::vector<SeatCount>, ParseError> ParseGraphSubscribedSkus(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "subscribedSkus");
  if (!doc) return std::unexpected(doc.error());
  auto top = TopObject(*doc, "subscribedSkus");
  if (!top) return std::unexpected(top.error());
  const json::array* value = JsonArray(**top, "value");
  if (value == nullptr) {
    return std::unexpected(
        ParseError{0, 0, "subscribedSkus has no value array"});
  }
  std::vector<SeatCount> out;
  for (const auto& item : *value) {
    if (!item.is_object()) continue;
    const auto& sku = item.get_object();
    // Company SKUs (tenant-wide add-ons) cannot be assigned to anyone.
    if (JsonString(sku, "appliesTo") == "Company") continue;
    SeatCount s;
    s.vendor = std::string(kMicrosoft365);
    s.sku_id = JsonString(sku, "skuId");
    s.sku_name = JsonString(sku, "skuPartNumber");
    s.status = JsonString(sku, "capabilityStatus");
    if (s.sku_id.empty()) continue;
    std::uint64_t purchased = 0;
    if (const auto* prepaid = JsonObject(sku, "prepaidUnits")) {
      purchased += JsonCount(prepaid->if_contains("enabled")).value_or(0);
      purchased += JsonCount(prepaid->if_contains("warning")).value_or(0);
    }
    s.purchased = static_cast<std::uint32_t>(
        std::min<std::uint64_t>(purchased, UINT32_MAX));
    s.assigned = JsonCount(sku.if_contains("consumedUnits")).value_or(0);
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.sku_id < b.sku_id; });
  return out;
}

std::expected<GraphUsersPage, ParseError> ParseGraphUsersPage(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "users page");
  if (!doc) return std::unexpected(doc.error());
  auto top = TopObject(*doc, "users page");
  if (!top) return std::unexpected(top.error());
  const json::array* value = JsonArray(**top, "value");
  if (value == nullptr) {
    return std::unexpected(ParseError{0, 0, "users page has no value array"});
  }
  GraphUsersPage page;
  page.next_link = JsonString(**top, "@odata.nextLink");
  for (const auto& item : *value) {
    if (!item.is_object()) continue;
    const auto& u = item.get_object();
    Person user;
    user.vendor = std::string(kMicrosoft365);
    user.user_id = JsonString(u, "id");
    if (user.user_id.empty()) continue;
    std::string email = JsonString(u, "userPrincipalName");
    if (email.empty()) email = JsonString(u, "mail");
    user.email = email;
    // Absent when not selected; Graph's default is enabled.
    const auto* enabled = u.if_contains("accountEnabled");
    user.enabled =
        enabled == nullptr || !enabled->is_bool() || enabled->get_bool();
    if (const auto* licences = JsonArray(u, "assignedLicenses")) {
      for (const auto& l : *licences) {
        if (!l.is_object()) continue;
        std::string sku = JsonString(l.get_object(), "skuId");
        if (!sku.empty()) user.sku_ids.push_back(sku);
      }
    }
    // Interactive or not, the latest sign-in; none at all (no Entra ID P1,
    // or never) stays unknown.
    if (const auto* activity = JsonObject(u, "signInActivity")) {
      std::optional<std::int64_t> last;
      for (const char* field :
           {"lastSignInDateTime", "lastNonInteractiveSignInDateTime",
            "lastSuccessfulSignInDateTime"}) {
        if (auto t = JsonTime(activity->if_contains(field))) {
          last = std::max(last.value_or(*t), *t);
        }
      }
      user.last_active = last;
    }
    user.created = JsonTime(u.if_contains("createdDateTime"));
    page.users.push_back(std::move(user));
  }
  return page;
}

std::string GraphErrorText(std::string_view body) {
  auto doc = ParseJsonDocument(body, "error");
  if (!doc || !doc->is_object()) return "";
  const auto* error = JsonObject(doc->get_object(), "error");
  if (error == nullptr) return "";
  std::string code = JsonString(*error, "code");
  std::string message = JsonString(*error, "message");
  if (code.empty()) return message;
  return message.empty() ? code : code + ": " + message;
}

}  // namespace surveyor::collectors::saas
