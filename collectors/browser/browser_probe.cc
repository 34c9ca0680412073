#include "collectors/browser/browser_probe.h"

#include <optional>

#include "collectors/browser/browser_paths.h"
#include "collectors/browser/chromium_prefs.h"
#include "collectors/browser/extension_manifest.h"
#include "collectors/browser/firefox_profile.h"
#include "collectors/collector.h"
#include "collectors/passwd.h"

namespace surveyor::collectors::browser {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxPrefs = 64u << 20;
constexpr std::size_t kMaxManifest = 4u << 20;
constexpr std::size_t kMaxMessages = 16u << 20;

struct Where {
  const HostView& host;
  v1::Section& section;
  v1::SoftwareInventory& out;
  const PasswdEntry& user;
  const BrowserLocation& location;
};

bool IsDir(const HostView& host, const std::string& path) {
  auto st = host.Stat(path);
  return st && st->is_dir;
}

// The file's contents; nullopt when absent (silently) or unreadable (with a
// section error).
std::optional<std::string> Read(const Where& w, const std::string& path,
                                std::size_t max_bytes) {
  auto text = w.host.ReadFile(path, max_bytes);
  if (text) return std::move(*text);
  if (text.error().code != common::ErrorCode::kNotFound) {
    AddSectionError(w.section, path, text.error().message);
  }
  return std::nullopt;
}

v1::BrowserExtensionDetails* AddExtension(const Where& w, const std::string& id,
                                          const std::string& version) {
  v1::Package* p = w.out.add_packages();
  p->set_source(v1::PACKAGE_SOURCE_BROWSER);
  p->set_name(id);
  p->set_version(version);
  p->set_installed(true);
  v1::BrowserExtensionDetails* d = p->mutable_browser();
  d->set_browser(std::string(w.location.browser));
  d->set_user(w.user.name);
  return d;
}

// What the extension may touch: API permissions, the sites it reaches, and
// whether those are every site.
void SetAccess(v1::BrowserExtensionDetails& d,
               const std::vector<std::string>& permissions,
               const std::vector<std::string>& hosts) {
  for (const auto& p : permissions) d.add_permissions(p);
  for (const auto& h : hosts) d.add_host_permissions(h);
  d.set_all_sites(AnyCoversAllSites(hosts));
}

std::vector<ChromiumProfile> ChromiumProfiles(const Where& w,
                                              const std::string& root) {
  if (w.location.single_profile) return {ChromiumProfile{}};
  std::string local_state = root + "/Local State";
  if (auto text = Read(w, local_state, kMaxPrefs)) {
    auto profiles = ParseLocalStateProfiles(*text);
    if (profiles && !profiles->empty()) return std::move(*profiles);
    if (!profiles) {
      AddSectionError(w.section, local_state, profiles.error().reason, 0,
                      profiles.error().offset);
    }
  }
  // No usable list: the directories holding either Preferences file.
  std::vector<ChromiumProfile> out;
  auto entries = w.host.ListDir(root);
  if (!entries) return out;
  for (const auto& e : *entries) {
    if (!e.is_dir || e.name == "System Profile") continue;
    std::string dir = root + "/" + e.name;
    if (w.host.Stat(dir + "/Preferences") ||
        w.host.Stat(dir + "/Secure Preferences")) {
      out.push_back(ChromiumProfile{e.name, {}});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.dir < b.dir; });
  return out;
}

// A profile's extensions.settings, both Preferences files merged; nullopt
// when either exists but cannot be read whole.
std::optional<json::object> ProfileSettings(const Where& w,
                                            const std::string& dir) {
  json::object merged;
  for (const char* name : {"Preferences", "Secure Preferences"}) {
    std::string path = dir + "/" + name;
    auto text = w.host.ReadFile(path, kMaxPrefs);
    if (!text) {
      if (text.error().code == common::ErrorCode::kNotFound) continue;
      AddSectionError(w.section, path, text.error().message);
      return std::nullopt;
    }
    auto settings = ParseExtensionSettings(*text, name);
    if (!settings) {
      AddSectionError(w.section, path, settings.error().reason, 0,
                      settings.error().offset);
      return std::nullopt;
    }
    MergeExtensionSettings(merged, *settings);
  }
  return merged;
}

// "__MSG_key__" resolved through the extension's default locale; empty when
// it cannot be.
std::string DisplayName(const Where& w, const std::string& ext_dir,
                        const ExtensionManifest& m) {
  std::string_view key = MessageKey(m.name);
  if (key.empty()) return m.name;
  if (m.default_locale.empty() || ext_dir.empty() ||
      m.default_locale.find('/') != std::string::npos ||
      m.default_locale.find("..") != std::string::npos) {
    return {};
  }
  std::string path =
      ext_dir + "/_locales/" + m.default_locale + "/messages.json";
  auto text = Read(w, path, kMaxMessages);
  if (!text) return {};
  auto message = LookupMessage(*text, key);
  if (!message) {
    AddSectionError(w.section, path, message.error().reason);
    return {};
  }
  return message->value_or("");
}

void ReadChromiumProfile(const Where& w, const std::string& root,
                         const ChromiumProfile& profile) {
  std::string dir = profile.dir.empty() ? root : root + "/" + profile.dir;
  auto settings = ProfileSettings(w, dir);
  if (!settings) return;
  for (const ChromiumExtension& e : InstalledExtensions(*settings)) {
    // Its directory inside the view: under the profile, or an unpacked one's
    // own absolute path (a Windows path in a copied profile is not here).
    std::string ext_dir;
    if (e.path.starts_with('/')) {
      ext_dir = e.path;
    } else if (!e.path.empty() && e.path.find(':') == std::string::npos &&
               e.path.find("..") == std::string::npos) {
      ext_dir = dir + "/Extensions/" + e.path;
    }
    std::optional<ExtensionManifest> manifest;
    if (!ext_dir.empty()) {
      std::string path = ext_dir + "/manifest.json";
      if (auto text = Read(w, path, kMaxManifest)) {
        auto parsed = ParseExtensionManifest(*text);
        if (parsed) {
          manifest = std::move(*parsed);
        } else {
          AddSectionError(w.section, path, parsed.error().reason);
        }
      }
    }
    if (!manifest) manifest = e.manifest;
    ExtensionManifest m = manifest.value_or(ExtensionManifest{});
    std::string version = m.version;
    if (version.empty() && !e.path.starts_with('/')) {
      version = VersionFromPath(e.path);
    }
    auto* d = AddExtension(w, e.id, version);
    d->set_profile(profile.dir);
    d->set_profile_name(profile.name);
    d->set_display_name(DisplayName(w, ext_dir, m));
    d->set_enabled(e.enabled);
    d->set_install_type(e.install_type);
    d->set_location(std::string(ChromiumLocationName(e.location)));
    SetAccess(*d, m.permissions, m.host_permissions);
    d->set_installed_at(e.installed_at);
  }
}

void ReadFirefox(const Where& w, const std::string& root) {
  auto ini = Read(w, root + "/profiles.ini", kMaxManifest);
  if (!ini) return;
  for (const FirefoxProfile& profile : ParseProfilesIni(*ini)) {
    std::string dir =
        profile.relative ? root + "/" + profile.path : profile.path;
    std::string path = dir + "/extensions.json";
    auto text = Read(w, path, kMaxPrefs);
    if (!text) continue;  // a profile the browser never started
    auto addons = ParseFirefoxExtensions(*text);
    if (!addons) {
      AddSectionError(w.section, path, addons.error().reason, 0,
                      addons.error().offset);
      continue;
    }
    for (const FirefoxAddon& a : *addons) {
      auto* d = AddExtension(w, a.id, a.version);
      d->set_profile(profile.path);
      d->set_profile_name(profile.name);
      d->set_display_name(a.name);
      d->set_enabled(a.active);
      d->set_install_type(a.install_type);
      d->set_location(a.location);
      SetAccess(*d, a.permissions, a.origins);
      d->set_signed_state(a.signed_state);
      d->set_installed_at(a.installed_at);
    }
  }
}

}  // namespace

bool ProbeBrowsers(const HostView& host, v1::Section& section,
                   v1::SoftwareInventory& out) {
  bool found = false;
  for (const PasswdEntry& user : UserHomes(host)) {
    for (const BrowserLocation& location : BrowserLocations(Os::kLinux)) {
      std::string root = user.home + "/" + std::string(location.dir);
      if (!IsDir(host, root)) continue;
      found = true;
      Where w{host, section, out, user, location};
      if (location.engine == Engine::kFirefox) {
        ReadFirefox(w, root);
        continue;
      }
      for (const ChromiumProfile& profile : ChromiumProfiles(w, root)) {
        ReadChromiumProfile(w, root, profile);
      }
    }
  }
  return found;
}

}  // namespace surveyor::collectors::browser
