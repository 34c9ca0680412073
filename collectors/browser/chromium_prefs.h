// The files of a Chromium-family browser's user data directory: "Local State"
// (the profiles) and each profile's "Preferences" and "Secure Preferences"
// (the extensions). Pure: bytes in, values out.
//
// Facts the parsers follow, checked against real files (fixtures' sources in
// tests/fixtures/browser/SOURCES.md):
// - extensions.settings maps an extension id to its record; a record can sit
//   in either Preferences file, and Secure Preferences wins a conflict;
// - "location" is Chromium's ManifestLocation: 1 internal (the store, or a
//   .crx the user opened), 2/3/6 external (placed by other software),
//   4/8 unpacked (developer mode, --load-extension), 5/10 component (part of
//   the browser, not listed), 7/9 enterprise policy;
// - whether it runs: "state" (1 on, 0 off, 2 removed by the user after an
//   external install) when present, as older versions wrote it; otherwise
//   "disable_reasons" (a list, or a bitmask in between) being empty or 0;
//   a record with neither is on;
// - install times are microseconds since 1601-01-01 UTC, as strings.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/browser/extension_manifest.h"
#include "collectors/parse_error.h"

namespace surveyor::collectors::browser {

struct ChromiumProfile {
  std::string dir;   // directory under the user data dir, e.g. "Profile 1"
  std::string name;  // the name the user gave it; may be empty
};

// The profiles listed in Local State (profile.info_cache), sorted by
// directory. Directory names that would leave the user data dir are dropped.
std::expected<std::vector<ChromiumProfile>, ParseError> ParseLocalStateProfiles(
    std::string_view text);

// The extensions.settings object of one Preferences file (empty when the
// file has none). `what` names the file in errors.
std::expected<boost::json::object, ParseError> ParseExtensionSettings(
    std::string_view text, std::string_view what);

// Overlays `from` onto `into` record by record and key by key (Secure
// Preferences onto Preferences).
void MergeExtensionSettings(boost::json::object& into,
                            const boost::json::object& from);

struct ChromiumExtension {
  std::string id;
  int location = 0;
  bool enabled = true;
  bool from_webstore = false;
  bool installed_by_default = false;
  // Its directory: relative to the profile's "Extensions" directory
  // ("id/1.2.3_0", '\' turned into '/'), or absolute for unpacked ones.
  std::string path;
  std::int64_t installed_at = 0;  // Unix seconds; 0 when not recorded
  // The manifest copy in the record, when the browser kept one.
  std::optional<ExtensionManifest> manifest;
  // "store", "sideloaded", "policy", "unpacked" or "default".
  std::string install_type;
};

// Chromium's name for a ManifestLocation value ("internal", "unpacked",
// "external_policy", ...); "unknown" for a value it does not define.
std::string_view ChromiumLocationName(int location);

// The installed extensions among merged settings, sorted by id: component
// extensions, records of removed ones and records with neither a path nor
// a manifest (preferences left behind) are not listed.
std::vector<ChromiumExtension> InstalledExtensions(
    const boost::json::object& settings);

// The version directory's name without Chromium's "_N" suffix: "1.2.3_0" ->
// "1.2.3"; the version when the manifest cannot be read.
std::string VersionFromPath(std::string_view path);

}  // namespace surveyor::collectors::browser
