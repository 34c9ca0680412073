#include "collectors/saas/salesforce_parsers.h"

#include "collectors/json_util.h"
#include "collectors/saas/vendor_json.h"
#include "common/time_util.h"

namespace surveyor::collectors::saas {
namespace {

namespace json = boost::json;

// "2024-05-01T10:00:00.000+0000": Salesforce writes the offset without
// a colon; nullopt when absent or malformed.
std::optional<std::int64_t> SalesforceTime(const json::value* v) {
  if (v == nullptr || !v->is_string()) return std::nullopt;
  std::string s(v->get_string());
  if (s.size() > 5 && (s[s.size() - 5] == '+' || s[s.size() - 5] == '-') &&
      s.find(':', s.size() - 5) == std::string::npos) {
    s.insert(s.size() - 2, ":");
  }
  json::value fixed(s);
  return JsonTime(&fixed);
}

SeatCount Seat(std::string sku_id, std::string name, const json::object& r,
               std::string_view total_field) {
  SeatCount s;
  s.vendor = std::string(kSalesforce);
  s.sku_id = std::move(sku_id);
  s.sku_name = std::move(name);
  s.status = JsonString(r, "Status");
  s.purchased = JsonCount(r.if_contains(total_field)).value_or(0);
  s.assigned = JsonCount(r.if_contains("UsedLicenses")).value_or(0);
  return s;
}

}  // namespace

std::expected<SalesforceToken, ParseError> ParseSalesforceToken(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "token answer");
  if (!doc) return std::unexpected(doc.error());
  auto top = JsonTopObject(*doc, "token answer");
  if (!top) return std::unexpected(top.error());
  SalesforceToken t{JsonString(**top, "access_token"),
                    JsonString(**top, "instance_url")};
  if (t.access_token.empty() || t.instance_url.empty()) {
    return std::unexpected(
        ParseError{0, 0, "token answer has no access_token or instance_url"});
  }
  return t;
}

std::expected<SalesforcePage, ParseError> ParseSalesforceQuery(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "query");
  if (!doc) return std::unexpected(doc.error());
  auto top = JsonTopObject(*doc, "query");
  if (!top) return std::unexpected(top.error());
  const json::array* records = JsonArray(**top, "records");
  if (records == nullptr) {
    return std::unexpected(ParseError{0, 0, "query answer has no records"});
  }
  SalesforcePage page;
  const auto* done = (*top)->if_contains("done");
  if (done != nullptr && done->is_bool() && !done->get_bool()) {
    page.next_records_url = JsonString(**top, "nextRecordsUrl");
    if (page.next_records_url.empty()) {
      return std::unexpected(
          ParseError{0, 0, "query not done but no nextRecordsUrl"});
    }
  }
  for (const auto& item : *records) {
    if (!item.is_object()) continue;
    const auto& r = item.get_object();
    const auto* attributes = JsonObject(r, "attributes");
    const std::string type =
        attributes == nullptr ? "" : JsonString(*attributes, "type");
    if (type == "UserLicense") {
      std::string label = JsonString(r, "MasterLabel");
      page.seats.push_back(Seat(JsonString(r, "Name"),
                                label.empty() ? JsonString(r, "Name") : label,
                                r, "TotalLicenses"));
    } else if (type == "PermissionSetLicense") {
      page.seats.push_back(Seat("psl:" + JsonString(r, "DeveloperName"),
                                JsonString(r, "MasterLabel"), r,
                                "TotalLicenses"));
    } else if (type == "PackageLicense") {
      // AllowedLicenses -1: a site licence; JsonCount reads it as unknown.
      const std::string ns = JsonString(r, "NamespacePrefix");
      page.seats.push_back(Seat("package:" + ns, ns, r, "AllowedLicenses"));
    } else if (type == "User") {
      Person p;
      p.vendor = std::string(kSalesforce);
      p.user_id = JsonString(r, "Id");
      p.email = JsonString(r, "Username");
      if (p.user_id.empty()) {
        return std::unexpected(ParseError{0, 0, "a User record has no Id"});
      }
      const auto* active = r.if_contains("IsActive");
      p.enabled = active != nullptr && active->is_bool() && active->get_bool();
      p.last_active = SalesforceTime(r.if_contains("LastLoginDate"));
      p.created = SalesforceTime(r.if_contains("CreatedDate"));
      if (const auto* profile = JsonObject(r, "Profile")) {
        if (const auto* licence = JsonObject(*profile, "UserLicense")) {
          std::string name = JsonString(*licence, "Name");
          if (!name.empty()) p.sku_ids.push_back(std::move(name));
        }
      }
      page.people.push_back(std::move(p));
    }
  }
  return page;
}

std::string SalesforceErrorText(std::string_view body) {
  auto doc = ParseJsonDocument(body, "error");
  if (!doc) return "";
  const json::object* first = nullptr;
  if (doc->is_array() && !doc->get_array().empty() &&
      doc->get_array()[0].is_object()) {
    first = &doc->get_array()[0].get_object();
  } else if (doc->is_object()) {
    first = &doc->get_object();  // OAuth: {"error", "error_description"}
    std::string error = JsonString(*first, "error");
    if (!error.empty()) {
      std::string d = JsonString(*first, "error_description");
      return d.empty() ? error : error + ": " + d;
    }
  }
  if (first == nullptr) return "";
  std::string code = JsonString(*first, "errorCode");
  std::string message = JsonString(*first, "message");
  if (code.empty()) return message;
  return message.empty() ? code : code + ": " + message;
}

}  // namespace surveyor::collectors::saas
