#include "collectors/browser/chromium_prefs.h"

#include <algorithm>
#include <iterator>

#include "collectors/json_util.h"
#include "collectors/text_util.h"

namespace surveyor::collectors::browser {
namespace {

namespace json = boost::json;

// Seconds between 1601-01-01 and 1970-01-01.
constexpr std::int64_t kWindowsToUnixEpoch = 11644473600;

std::optional<std::int64_t> Int(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= INT64_MAX) {
    return static_cast<std::int64_t>(v->get_uint64());
  }
  return std::nullopt;
}

// A Chromium time (microseconds since 1601, a string) as Unix seconds.
std::int64_t ChromiumTime(const json::object& o, std::string_view key) {
  auto us = ParseUint(JsonString(o, key));
  if (!us || *us / 1000000 < static_cast<std::uint64_t>(kWindowsToUnixEpoch)) {
    return 0;
  }
  return static_cast<std::int64_t>(*us / 1000000) - kWindowsToUnixEpoch;
}

bool IsSafeDirName(std::string_view name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find('/') == std::string_view::npos &&
         name.find('\\') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

bool Enabled(const json::object& record) {
  if (auto state = Int(record, "state")) return *state == 1;
  const auto* reasons = record.if_contains("disable_reasons");
  if (reasons == nullptr) return true;
  if (reasons->is_array()) return reasons->get_array().empty();
  if (auto mask = Int(record, "disable_reasons")) return *mask == 0;
  return true;
}

std::string InstallType(int location, bool from_webstore, bool by_default) {
  switch (location) {
    case 7:
    case 9:
      return "policy";
    case 4:
    case 8:
      return "unpacked";
    case 2:
    case 3:
    case 6:
      return by_default ? "default" : "sideloaded";
    default:
      if (by_default) return "default";
      return from_webstore ? "store" : "sideloaded";
  }
}

}  // namespace

std::expected<std::vector<ChromiumProfile>, ParseError> ParseLocalStateProfiles(
    std::string_view text) {
  auto doc = ParseJsonDocument(text, "Local State");
  if (!doc) return std::unexpected(doc.error());
  if (!doc->is_object()) {
    return std::unexpected(
        ParseError{0, 0, "Local State is not a JSON object"});
  }
  std::vector<ChromiumProfile> out;
  const auto* profile = JsonObject(doc->get_object(), "profile");
  const auto* cache = profile ? JsonObject(*profile, "info_cache") : nullptr;
  if (cache == nullptr) return out;
  for (const auto& [dir, info] : *cache) {
    if (!IsSafeDirName(dir)) continue;
    ChromiumProfile p{std::string(dir), {}};
    if (info.is_object()) p.name = JsonString(info.get_object(), "name");
    out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.dir < b.dir; });
  return out;
}

std::expected<json::object, ParseError> ParseExtensionSettings(
    std::string_view text, std::string_view what) {
  auto doc = ParseJsonDocument(text, what);
  if (!doc) return std::unexpected(doc.error());
  if (!doc->is_object()) {
    return std::unexpected(
        ParseError{0, 0, std::string(what) + " is not a JSON object"});
  }
  const auto* extensions = JsonObject(doc->get_object(), "extensions");
  const auto* settings =
      extensions ? JsonObject(*extensions, "settings") : nullptr;
  return settings ? *settings : json::object();
}

void MergeExtensionSettings(json::object& into, const json::object& from) {
  for (const auto& [id, record] : from) {
    auto* existing = into.if_contains(id);
    if (existing == nullptr || !existing->is_object() || !record.is_object()) {
      into[id] = record;
      continue;
    }
    for (const auto& [key, value] : record.get_object()) {
      existing->get_object()[key] = value;
    }
  }
}

std::string_view ChromiumLocationName(int location) {
  static constexpr std::string_view kNames[] = {"invalid",
                                                "internal",
                                                "external_pref",
                                                "external_registry",
                                                "unpacked",
                                                "component",
                                                "external_pref_download",
                                                "external_policy_download",
                                                "command_line",
                                                "external_policy",
                                                "external_component"};
  if (location < 0 || location >= static_cast<int>(std::size(kNames))) {
    return "unknown";
  }
  return kNames[location];
}

std::vector<ChromiumExtension> InstalledExtensions(
    const json::object& settings) {
  std::vector<ChromiumExtension> out;
  for (const auto& [id, value] : settings) {
    if (!value.is_object() || !IsSafeDirName(id)) continue;
    const json::object& r = value.get_object();
    ChromiumExtension e;
    e.id = std::string(id);
    e.location = static_cast<int>(Int(r, "location").value_or(0));
    if (e.location == 5 || e.location == 10) continue;  // component
    if (Int(r, "state") == 2) continue;  // removed after an external install
    e.path = JsonString(r, "path");
    std::replace(e.path.begin(), e.path.end(), '\\', '/');
    if (const auto* manifest = JsonObject(r, "manifest")) {
      e.manifest = ManifestFromJson(*manifest);
    }
    if (e.path.empty() && !e.manifest) continue;
    e.enabled = Enabled(r);
    e.from_webstore = JsonFlag(r, "from_webstore");
    e.installed_by_default = JsonFlag(r, "was_installed_by_default");
    e.installed_at = ChromiumTime(r, "first_install_time");
    if (e.installed_at == 0) e.installed_at = ChromiumTime(r, "install_time");
    e.install_type =
        InstallType(e.location, e.from_webstore, e.installed_by_default);
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

std::string VersionFromPath(std::string_view path) {
  std::string_view dir = path.substr(path.find_last_of('/') + 1);
  auto underscore = dir.find_last_of('_');
  if (underscore != std::string_view::npos &&
      ParseUint(dir.substr(underscore + 1))) {
    dir = dir.substr(0, underscore);
  }
  return std::string(dir);
}

}  // namespace surveyor::collectors::browser
