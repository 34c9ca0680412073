#include "collectors/browser/extension_manifest.h"

#include <algorithm>

#include "collectors/json_util.h"

namespace surveyor::collectors::browser {
namespace {

namespace json = boost::json;

void AddOnce(std::vector<std::string>& list, std::string_view value) {
  if (value.empty()) return;
  if (std::find(list.begin(), list.end(), value) == list.end()) {
    list.emplace_back(value);
  }
}

bool IsHostPattern(std::string_view p) {
  return p == "<all_urls>" || p.find("://") != std::string_view::npos;
}

void Strings(const json::array* list, std::vector<std::string>& hosts,
             std::vector<std::string>* apis) {
  if (list == nullptr) return;
  for (const auto& item : *list) {
    if (!item.is_string()) continue;  // v2 allowed objects ({"socket": ..})
    std::string_view s = item.get_string();
    if (IsHostPattern(s)) {
      AddOnce(hosts, s);
    } else if (apis != nullptr) {
      AddOnce(*apis, s);
    }
  }
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(),
                    [](char x, char y) { return Lower(x) == Lower(y); });
}

}  // namespace

ExtensionManifest ManifestFromJson(const json::object& o) {
  ExtensionManifest m;
  m.name = JsonString(o, "name");
  m.version = JsonString(o, "version");
  m.default_locale = JsonString(o, "default_locale");
  Strings(JsonArray(o, "host_permissions"), m.host_permissions, nullptr);
  Strings(JsonArray(o, "permissions"), m.host_permissions, &m.permissions);
  if (const auto* scripts = JsonArray(o, "content_scripts")) {
    for (const auto& s : *scripts) {
      if (!s.is_object()) continue;
      Strings(JsonArray(s.get_object(), "matches"), m.host_permissions,
              nullptr);
    }
  }
  return m;
}

std::expected<ExtensionManifest, ParseError> ParseExtensionManifest(
    std::string_view text) {
  auto doc = ParseLenientJsonDocument(text, "manifest.json");
  if (!doc) return std::unexpected(doc.error());
  if (!doc->is_object()) {
    return std::unexpected(
        ParseError{0, 0, "manifest.json is not a JSON object"});
  }
  return ManifestFromJson(doc->get_object());
}

std::string_view MessageKey(std::string_view value) {
  constexpr std::string_view kPrefix = "__MSG_", kSuffix = "__";
  if (value.size() <= kPrefix.size() + kSuffix.size() ||
      !value.starts_with(kPrefix) || !value.ends_with(kSuffix)) {
    return {};
  }
  return value.substr(kPrefix.size(),
                      value.size() - kPrefix.size() - kSuffix.size());
}

std::expected<std::optional<std::string>, ParseError> LookupMessage(
    std::string_view messages_json, std::string_view key) {
  auto doc = ParseLenientJsonDocument(messages_json, "messages.json");
  if (!doc) return std::unexpected(doc.error());
  if (!doc->is_object()) {
    return std::unexpected(
        ParseError{0, 0, "messages.json is not a JSON object"});
  }
  for (const auto& [name, entry] : doc->get_object()) {
    if (!EqualsIgnoreCase(name, key) || !entry.is_object()) continue;
    const auto* message = entry.get_object().if_contains("message");
    if (message == nullptr || !message->is_string()) continue;
    return std::optional<std::string>(std::string(message->get_string()));
  }
  return std::optional<std::string>();
}

bool CoversAllSites(std::string_view pattern) {
  if (pattern == "<all_urls>") return true;
  auto sep = pattern.find("://");
  if (sep == std::string_view::npos) return false;
  std::string_view scheme = pattern.substr(0, sep);
  std::string_view rest = pattern.substr(sep + 3);
  auto slash = rest.find('/');
  if (slash == std::string_view::npos || rest.substr(0, slash) != "*") {
    return false;  // a pattern needs a path; the host must be every host
  }
  return scheme == "*" || scheme == "http" || scheme == "https" ||
         scheme == "ws" || scheme == "wss";
}

bool AnyCoversAllSites(const std::vector<std::string>& patterns) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [](const std::string& p) { return CoversAllSites(p); });
}

}  // namespace surveyor::collectors::browser
