#include "collectors/saas/okta_parsers.h"

#include "collectors/json_util.h"
#include "collectors/saas/vendor_json.h"

namespace surveyor::collectors::saas {

std::expected<std::vector<Person>, ParseError> ParseOktaUsers(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "users");
  if (!doc) return std::unexpected(doc.error());
  auto list = JsonTopArray(*doc, "users");
  if (!list) return std::unexpected(list.error());
  std::vector<Person> out;
  for (const auto& item : **list) {
    if (!item.is_object()) continue;
    const auto& u = item.get_object();
    Person p;
    p.vendor = std::string(kOkta);
    p.user_id = JsonString(u, "id");
    if (p.user_id.empty()) {
      return std::unexpected(ParseError{0, 0, "a user has no id"});
    }
    if (const auto* profile = JsonObject(u, "profile")) {
      p.email = JsonString(*profile, "login");
      if (p.email.empty()) p.email = JsonString(*profile, "email");
    }
    const std::string status = JsonString(u, "status");
    p.enabled = status != "SUSPENDED" && status != "DEPROVISIONED";
    if (status != "DEPROVISIONED") p.sku_ids.push_back(std::string(kOkta));
    p.last_active = JsonTime(u.if_contains("lastLogin"));
    p.created = JsonTime(u.if_contains("created"));
    out.push_back(std::move(p));
  }
  return out;
}

std::string OktaErrorText(std::string_view body) {
  auto doc = ParseJsonDocument(body, "error");
  if (!doc || !doc->is_object()) return "";
  const auto& o = doc->get_object();
  const std::string code = JsonString(o, "errorCode");
  const std::string summary = JsonString(o, "errorSummary");
  if (code.empty()) return summary;
  return summary.empty() ? code : code + ": " + summary;
}

}  // namespace surveyor::collectors::saas
