#include "collectors/browser/firefox_profile.h"

#include <algorithm>

#include "collectors/json_util.h"
#include "collectors/text_util.h"

namespace surveyor::collectors::browser {
namespace {

namespace json = boost::json;

std::string SignedState(const json::value* v) {
  if (v == nullptr || !v->is_int64()) return {};
  switch (v->get_int64()) {
    case -2:
      return "broken";
    case -1:
      return "unknown";
    case 0:
      return "missing";
    case 1:
      return "preliminary";
    case 2:
      return "signed";
    case 3:
      return "system";
    case 4:
      return "privileged";
    default:
      return "unknown";
  }
}

bool IsBuiltIn(std::string_view location) {
  return location == "app-builtin" || location == "app-system-defaults" ||
         location == "app-system-addons";
}

std::string InstallType(const json::object& a, std::string_view location) {
  if (location == "app-temporary") return "unpacked";
  const auto* telemetry = JsonObject(a, "installTelemetryInfo");
  const std::string source =
      telemetry != nullptr ? JsonString(*telemetry, "source") : "";
  if (source == "enterprise-policy") return "policy";
  if (location != "app-profile") return "sideloaded";  // system dirs, registry
  std::string uri = JsonString(a, "sourceURI");
  if (uri.starts_with("https://addons.mozilla.org/") || source == "amo" ||
      source == "disco" || source == "about:addons" || source == "sync") {
    return "store";
  }
  if (JsonFlag(a, "foreignInstall")) return "sideloaded";
  return source == "file-url" ? "sideloaded" : "store";
}

void StringList(const json::object& o, std::string_view key,
                std::vector<std::string>& out) {
  const auto* list = JsonArray(o, key);
  if (list == nullptr) return;
  for (const auto& s : *list) {
    if (s.is_string()) out.emplace_back(s.get_string());
  }
}

}  // namespace

std::vector<FirefoxProfile> ParseProfilesIni(std::string_view text) {
  std::vector<FirefoxProfile> out;
  std::vector<std::string> install_defaults;
  FirefoxProfile current;
  bool in_profile = false, in_install = false;
  auto flush = [&] {
    if (in_profile && !current.path.empty()) {
      bool escapes = current.relative &&
                     (current.path.starts_with("../") ||
                      current.path.find("/../") != std::string::npos ||
                      current.path == ".." || current.path.ends_with("/.."));
      if (!escapes) out.push_back(current);
    }
    current = FirefoxProfile{};
  };
  ForEachLine(text, [&](std::string_view raw, std::size_t) {
    std::string_view line = Trim(raw);
    if (line.empty() || line.front() == ';' || line.front() == '#') return;
    if (line.front() == '[') {
      flush();
      in_profile = line.starts_with("[Profile");
      in_install = line.starts_with("[Install");
      return;
    }
    auto eq = line.find('=');
    if (eq == std::string_view::npos) return;
    std::string_view key = Trim(line.substr(0, eq));
    std::string_view value = Trim(line.substr(eq + 1));
    if (in_install && key == "Default" && !value.empty()) {
      install_defaults.emplace_back(value);
      return;
    }
    if (!in_profile) return;
    if (key == "Name") {
      current.name = std::string(value);
    } else if (key == "Path") {
      current.path = std::string(value);
      std::replace(current.path.begin(), current.path.end(), '\\', '/');
    } else if (key == "IsRelative") {
      current.relative = value != "0";
    }
  });
  flush();
  // An installation's default profile may have no [Profile] section of its
  // own; the browser still uses it.
  for (std::string path : install_defaults) {
    std::replace(path.begin(), path.end(), '\\', '/');
    bool listed = std::any_of(out.begin(), out.end(),
                              [&](const auto& p) { return p.path == path; });
    if (listed) continue;
    in_profile = true;
    current.path = path;
    flush();
  }
  return out;
}

std::expected<std::vector<FirefoxAddon>, ParseError> ParseFirefoxExtensions(
    std::string_view text) {
  auto doc = ParseJsonDocument(text, "extensions.json");
  if (!doc) return std::unexpected(doc.error());
  const auto* addons =
      doc->is_object() ? JsonArray(doc->get_object(), "addons") : nullptr;
  if (addons == nullptr) {
    return std::unexpected(
        ParseError{0, 0, "extensions.json has no \"addons\" list"});
  }
  std::vector<FirefoxAddon> out;
  for (const auto& v : *addons) {
    if (!v.is_object()) continue;
    const json::object& a = v.get_object();
    if (JsonString(a, "type") != "extension") continue;
    FirefoxAddon f;
    f.id = JsonString(a, "id");
    f.location = JsonString(a, "location");
    if (f.id.empty() || IsBuiltIn(f.location)) continue;
    f.version = JsonString(a, "version");
    if (const auto* locale = JsonObject(a, "defaultLocale")) {
      f.name = JsonString(*locale, "name");
    }
    f.active = JsonFlag(a, "active");
    f.signed_state = SignedState(a.if_contains("signedState"));
    f.install_type = InstallType(a, f.location);
    if (const auto* perms = JsonObject(a, "userPermissions")) {
      StringList(*perms, "permissions", f.permissions);
      StringList(*perms, "origins", f.origins);
    }
    if (const auto* date = a.if_contains("installDate");
        date != nullptr && date->is_number()) {
      boost::system::error_code ec;
      auto ms = date->to_number<std::int64_t>(ec);
      if (!ec && ms > 0) f.installed_at = ms / 1000;
    }
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

}  // namespace surveyor::collectors::browser
