// libFuzzer target: the browser-profile parsers read files any local user
// (or a browser caught mid-write) controls: Local State, Preferences,
// manifest.json, messages.json, extensions.json, profiles.ini. None may
// crash, hang, list an extension without its id, or hand the probe a profile
// path that leaves the browser's directory.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "collectors/browser/chromium_prefs.h"
#include "collectors/browser/extension_manifest.h"
#include "collectors/browser/firefox_profile.h"

namespace browser = surveyor::collectors::browser;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto profiles = browser::ParseLocalStateProfiles(text)) {
    for (const auto& p : *profiles) {
      if (p.dir.empty() || p.dir == ".." ||
          p.dir.find('/') != std::string::npos) {
        std::abort();
      }
    }
  }
  if (auto settings = browser::ParseExtensionSettings(text, "Preferences")) {
    for (const auto& e : browser::InstalledExtensions(*settings)) {
      if (e.id.empty() || e.location == 5 || e.location == 10) std::abort();
      (void)browser::VersionFromPath(e.path);
    }
  }
  if (auto m = browser::ParseExtensionManifest(text)) {
    (void)browser::AnyCoversAllSites(m->host_permissions);
    (void)browser::MessageKey(m->name);
  }
  (void)browser::LookupMessage(text, "extName");  // must only not crash
  if (auto addons = browser::ParseFirefoxExtensions(text)) {
    for (const auto& a : *addons) {
      if (a.id.empty()) std::abort();
    }
  }
  for (const auto& p : browser::ParseProfilesIni(text)) {
    if (p.path.empty() ||
        (p.relative && (p.path.starts_with("../") || p.path == ".."))) {
      std::abort();
    }
  }
  return 0;
}
