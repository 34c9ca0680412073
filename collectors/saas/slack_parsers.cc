#include "collectors/saas/slack_parsers.h"

#include "collectors/json_util.h"
#include "collectors/saas/vendor_json.h"

namespace surveyor::collectors::saas {
namespace {

namespace json = boost::json;

// The envelope: the object when ok is true, else why not.
std::variant<const json::object*, SlackRefusal, ParseError> Envelope(
    const json::value& doc, std::string_view what) {
  if (!doc.is_object()) {
    return ParseError{0, 0, std::string(what) + " is not a JSON object"};
  }
  const auto& o = doc.get_object();
  const auto* ok = o.if_contains("ok");
  if (ok == nullptr || !ok->is_bool()) {
    return ParseError{0, 0, std::string(what) + " has no \"ok\" field"};
  }
  if (!ok->get_bool()) {
    std::string error = JsonString(o, "error");
    return SlackRefusal{error.empty() ? "unknown_error" : error};
  }
  return &o;
}

std::string NextCursor(const json::object& o) {
  const auto* meta = JsonObject(o, "response_metadata");
  return meta == nullptr ? "" : JsonString(*meta, "next_cursor");
}

bool Flag(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_bool() && v->get_bool();
}

}  // namespace

std::variant<SlackUsersPage, SlackRefusal, ParseError> ParseSlackUsersPage(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "users.list");
  if (!doc) return doc.error();
  auto env = Envelope(*doc, "users.list");
  if (auto* r = std::get_if<SlackRefusal>(&env)) return *r;
  if (auto* e = std::get_if<ParseError>(&env)) return *e;
  const json::object& top = *std::get<const json::object*>(env);
  const json::array* members = JsonArray(top, "members");
  if (members == nullptr) {
    return ParseError{0, 0, "users.list has no members array"};
  }
  SlackUsersPage page;
  page.next_cursor = NextCursor(top);
  for (const auto& item : *members) {
    if (!item.is_object()) continue;
    const auto& m = item.get_object();
    const std::string id = JsonString(m, "id");
    if (id.empty() || id == "USLACKBOT" || Flag(m, "is_bot") ||
        Flag(m, "is_app_user")) {
      continue;
    }
    Person user;
    user.vendor = std::string(kSlack);
    user.user_id = id;
    const auto* profile = JsonObject(m, "profile");
    std::string email = profile ? JsonString(*profile, "email") : "";
    // Without users:read.email the address is missing: the handle then.
    user.email = email.empty() ? JsonString(m, "name") : email;
    user.enabled = !Flag(m, "deleted");
    page.users.push_back(std::move(user));
  }
  return page;
}

std::variant<SlackBillablePage, SlackRefusal, ParseError>
ParseSlackBillableInfo(std::string_view body) {
  auto doc = ParseJsonDocument(body, "team.billableInfo");
  if (!doc) return doc.error();
  auto env = Envelope(*doc, "team.billableInfo");
  if (auto* r = std::get_if<SlackRefusal>(&env)) return *r;
  if (auto* e = std::get_if<ParseError>(&env)) return *e;
  const json::object& top = *std::get<const json::object*>(env);
  const json::object* info = JsonObject(top, "billable_info");
  if (info == nullptr) {
    return ParseError{0, 0, "team.billableInfo has no billable_info object"};
  }
  SlackBillablePage page;
  page.next_cursor = NextCursor(top);
  for (const auto& [id, value] : *info) {
    if (!value.is_object()) continue;
    page.billing_active[std::string(id)] =
        Flag(value.get_object(), "billing_active");
  }
  return page;
}

}  // namespace surveyor::collectors::saas
