#include "collectors/saas/dropbox_parsers.h"

#include "collectors/json_util.h"
#include "collectors/saas/vendor_json.h"

namespace surveyor::collectors::saas {
namespace {

namespace json = boost::json;

// A union's tag: {".tag": "active"}.
std::string Tag(const json::object& o, std::string_view key) {
  const auto* u = JsonObject(o, key);
  return u == nullptr ? "" : JsonString(*u, ".tag");
}

}  // namespace

std::expected<SeatCount, ParseError> ParseDropboxTeamInfo(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "team info");
  if (!doc) return std::unexpected(doc.error());
  auto top = JsonTopObject(*doc, "team info");
  if (!top) return std::unexpected(top.error());
  const auto licensed = JsonCount((*top)->if_contains("num_licensed_users"));
  if (!licensed) {
    return std::unexpected(
        ParseError{0, 0, "team info has no num_licensed_users"});
  }
  SeatCount s;
  s.vendor = std::string(kDropbox);
  s.sku_id = std::string(kDropboxSku);
  s.sku_name = "Dropbox " + JsonString(**top, "name");
  s.purchased = *licensed;
  auto used = JsonCount((*top)->if_contains("num_used_licenses"));
  if (!used) used = JsonCount((*top)->if_contains("num_provisioned_users"));
  s.assigned = used.value_or(0);
  return s;
}

std::expected<DropboxMembersPage, ParseError> ParseDropboxMembersPage(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "members");
  if (!doc) return std::unexpected(doc.error());
  auto top = JsonTopObject(*doc, "members");
  if (!top) return std::unexpected(top.error());
  const json::array* members = JsonArray(**top, "members");
  if (members == nullptr) {
    return std::unexpected(ParseError{0, 0, "members page has no members"});
  }
  DropboxMembersPage page;
  page.cursor = JsonString(**top, "cursor");
  page.has_more = JsonFlag(**top, "has_more");
  for (const auto& item : *members) {
    if (!item.is_object()) continue;
    const auto* profile = JsonObject(item.get_object(), "profile");
    if (profile == nullptr) continue;
    Person p;
    p.vendor = std::string(kDropbox);
    p.user_id = JsonString(*profile, "team_member_id");
    p.email = JsonString(*profile, "email");
    if (p.user_id.empty()) {
      return std::unexpected(
          ParseError{0, 0, "a member has no team_member_id"});
    }
    p.created = JsonTime(profile->if_contains("joined_on"));
    const std::string status = Tag(*profile, "status");
    p.enabled = status == "active" || status == "invited";
    if (status != "removed") p.sku_ids.push_back(std::string(kDropboxSku));
    page.members.push_back(std::move(p));
  }
  return page;
}

std::string DropboxErrorText(std::string_view body) {
  auto doc = ParseJsonDocument(body, "error");
  if (doc && doc->is_object()) {
    return JsonString(doc->get_object(), "error_summary");
  }
  return "";
}

}  // namespace surveyor::collectors::saas
