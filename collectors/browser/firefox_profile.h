// Firefox's files: profiles.ini (the profiles) and each profile's
// extensions.json (the add-on database the browser writes). Pure.
//
// Facts the parser follows (fixtures' sources in
// tests/fixtures/browser/SOURCES.md): add-ons of type "extension" are listed;
// themes, dictionaries and language packs are not, nor the browser's own
// built-in and system add-ons (locations app-builtin, app-system-defaults,
// app-system-addons). "active" says whether it runs; "signedState" is
// AddonManager's SIGNEDSTATE_* (-2 broken, -1 unknown, 0 missing,
// 1 preliminary, 2 signed, 3 system, 4 privileged); installDate is in
// milliseconds since the Unix epoch.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"

namespace surveyor::collectors::browser {

struct FirefoxProfile {
  std::string name;  // Name=
  std::string path;  // Path=, '\' turned into '/'
  bool relative = true;
};

// The [ProfileN] sections of profiles.ini that have a Path, then the default
// profiles of [Install...] sections that no [ProfileN] names (Firefox uses
// them all the same; their Default is a relative path). Paths that would
// leave the Firefox directory (relative ones with "..") are dropped.
std::vector<FirefoxProfile> ParseProfilesIni(std::string_view text);

struct FirefoxAddon {
  std::string id;
  std::string name;
  std::string version;
  bool active = false;
  std::string location;      // e.g. "app-profile"
  std::string signed_state;  // "signed", "missing", ...; empty when absent
  std::string install_type;  // "store", "sideloaded", "policy", "unpacked"
  std::vector<std::string> permissions;
  std::vector<std::string> origins;  // host permissions granted
  std::int64_t installed_at = 0;     // Unix seconds; 0 when not recorded
};

// The extensions listed in an extensions.json, sorted by id.
std::expected<std::vector<FirefoxAddon>, ParseError> ParseFirefoxExtensions(
    std::string_view text);

}  // namespace surveyor::collectors::browser
