#include "collectors/saas/google_parsers.h"

#include <boost/json/serialize.hpp>

#include "collectors/json_util.h"
#include "collectors/saas/vendor_json.h"

namespace surveyor::collectors::saas {
namespace {

namespace json = boost::json;

// The first errors[].reason of a Google error body, or "".
std::string Reason(const json::object& error) {
  if (const auto* errors = JsonArray(error, "errors")) {
    for (const auto& e : *errors) {
      if (e.is_object()) return JsonString(e.get_object(), "reason");
    }
  }
  return "";
}

}  // namespace

std::expected<GoogleServiceAccount, ParseError> ParseGoogleServiceAccount(
    std::string_view key_file) {
  auto doc = ParseJsonDocument(key_file, "service account key");
  if (!doc) return std::unexpected(doc.error());
  auto top = JsonTopObject(*doc, "service account key");
  if (!top) return std::unexpected(top.error());
  GoogleServiceAccount a;
  a.client_email = JsonString(**top, "client_email");
  a.private_key = JsonString(**top, "private_key");
  a.token_uri = JsonString(**top, "token_uri");
  if (a.client_email.empty() || a.private_key.empty()) {
    return std::unexpected(ParseError{
        0, 0, "service account key has no client_email or private_key"});
  }
  return a;
}

std::string GoogleJwtClaims(const GoogleServiceAccount& account,
                            const std::string& subject,
                            const std::string& scopes,
                            const std::string& audience, std::int64_t now) {
  json::object claims{{"iss", account.client_email},
                      {"scope", scopes},
                      {"aud", audience},
                      {"iat", now},
                      {"exp", now + 3600}};
  if (!subject.empty()) claims["sub"] = subject;
  return json::serialize(claims);
}

std::expected<GoogleUsersPage, ParseError> ParseGoogleUsersPage(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "users");
  if (!doc) return std::unexpected(doc.error());
  auto top = JsonTopObject(*doc, "users");
  if (!top) return std::unexpected(top.error());
  GoogleUsersPage page;
  page.next_page_token = JsonString(**top, "nextPageToken");
  // A domain without users answers without the array.
  const json::array* users = JsonArray(**top, "users");
  if (users == nullptr) return page;
  for (const auto& item : *users) {
    if (!item.is_object()) continue;
    const auto& u = item.get_object();
    Person p;
    p.vendor = std::string(kGoogleWorkspace);
    p.user_id = JsonString(u, "id");
    p.email = JsonString(u, "primaryEmail");
    if (p.user_id.empty() || p.email.empty()) {
      return std::unexpected(
          ParseError{0, 0, "a user has no id or primaryEmail"});
    }
    p.enabled = !JsonFlag(u, "suspended") && !JsonFlag(u, "archived");
    p.last_active = JsonTime(u.if_contains("lastLoginTime"));
    p.created = JsonTime(u.if_contains("creationTime"));
    page.users.push_back(std::move(p));
  }
  return page;
}

std::expected<GoogleLicensePage, ParseError> ParseGoogleLicensePage(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "license assignments");
  if (!doc) return std::unexpected(doc.error());
  auto top = JsonTopObject(*doc, "license assignments");
  if (!top) return std::unexpected(top.error());
  GoogleLicensePage page;
  page.next_page_token = JsonString(**top, "nextPageToken");
  const json::array* items = JsonArray(**top, "items");
  if (items == nullptr) return page;
  for (const auto& item : *items) {
    if (!item.is_object()) continue;
    const auto& o = item.get_object();
    GoogleLicense l{JsonString(o, "userId"), JsonString(o, "skuId"),
                    JsonString(o, "skuName")};
    if (l.user.empty() || l.sku_id.empty()) {
      return std::unexpected(
          ParseError{0, 0, "an assignment has no userId or skuId"});
    }
    page.items.push_back(std::move(l));
  }
  return page;
}

std::expected<GoogleResellerPage, ParseError> ParseGoogleResellerPage(
    std::string_view body) {
  auto doc = ParseJsonDocument(body, "subscriptions");
  if (!doc) return std::unexpected(doc.error());
  auto top = JsonTopObject(*doc, "subscriptions");
  if (!top) return std::unexpected(top.error());
  GoogleResellerPage page;
  page.next_page_token = JsonString(**top, "nextPageToken");
  const json::array* subs = JsonArray(**top, "subscriptions");
  if (subs == nullptr) return page;
  for (const auto& item : *subs) {
    if (!item.is_object()) continue;
    const auto& o = item.get_object();
    GoogleResellerSubscription s;
    s.sku_id = JsonString(o, "skuId");
    if (s.sku_id.empty()) {
      return std::unexpected(ParseError{0, 0, "a subscription has no skuId"});
    }
    s.sku_name = JsonString(o, "skuName");
    s.status = JsonString(o, "status");
    std::string plan;
    if (const auto* p = JsonObject(o, "plan"))
      plan = JsonString(*p, "planName");
    if (const auto* seats = JsonObject(o, "seats")) {
      const bool flexible = plan == "FLEXIBLE" || plan == "TRIAL";
      s.purchased =
          JsonCount(seats->if_contains(flexible ? "maximumNumberOfSeats"
                                                : "numberOfSeats"))
              .value_or(0);
      s.licensed =
          JsonCount(seats->if_contains("licensedNumberOfSeats")).value_or(0);
    }
    page.subscriptions.push_back(std::move(s));
  }
  return page;
}

std::string GoogleErrorText(std::string_view body) {
  auto doc = ParseJsonDocument(body, "error");
  if (!doc || !doc->is_object()) return "";
  const auto* error = JsonObject(doc->get_object(), "error");
  if (error == nullptr) {
    // OAuth token errors: {"error": "invalid_grant", ...}.
    return "";
  }
  const std::string message = JsonString(*error, "message");
  const std::string reason = Reason(*error);
  if (reason.empty()) return message;
  return message.empty() ? reason : reason + ": " + message;
}

bool IsGoogleRateLimited(const HttpReply& reply) {
  if (reply.status != 403 && reply.status != 429) return false;
  auto doc = ParseJsonDocument(reply.body, "error");
  if (!doc || !doc->is_object()) return false;
  const auto* error = JsonObject(doc->get_object(), "error");
  if (error == nullptr) return false;
  const std::string reason = Reason(*error);
  return reason == "userRateLimitExceeded" || reason == "rateLimitExceeded" ||
         reason == "quotaExceeded";
}

}  // namespace surveyor::collectors::saas
