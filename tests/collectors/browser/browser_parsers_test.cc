// The browser-profile parsers on real files (sources in
// tests/fixtures/roots/browser-desktop/SOURCES.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>

#include "collectors/browser/browser_paths.h"
#include "collectors/browser/chromium_prefs.h"
#include "collectors/browser/extension_manifest.h"
#include "collectors/browser/firefox_profile.h"
#include "tests/fixture.h"

namespace surveyor::collectors::browser {
namespace {

using surveyor::testing::ReadFixture;

constexpr char kRoot[] = "roots/browser-desktop/home/";
const std::string kAnnChrome =
    std::string(kRoot) + "ann/.config/google-chrome/";
const std::string kBitwarden =
    std::string(kRoot) +
    "bob/.config/BraveSoftware/Brave-Browser/Profile 1/Extensions/"
    "nngceckbapebfimnlniiiahkandclblb/2025.12.1_0/";

const ChromiumExtension* Find(const std::vector<ChromiumExtension>& list,
                              std::string_view id) {
  auto it = std::find_if(list.begin(), list.end(),
                         [&](const auto& e) { return e.id == id; });
  return it == list.end() ? nullptr : &*it;
}

TEST(ChromiumPrefs, LocalStateOfChromium111ListsItsProfile) {
  auto profiles =
      ParseLocalStateProfiles(ReadFixture(kAnnChrome + "Local State"));
  ASSERT_TRUE(profiles) << profiles.error().reason;
  ASSERT_EQ(profiles->size(), 1u);
  EXPECT_EQ((*profiles)[0].dir, "Default");
  EXPECT_EQ((*profiles)[0].name, "Person 1");
}

TEST(ChromiumPrefs, LocalStateDropsDirectoriesOutsideTheUserDataDir) {
  auto profiles = ParseLocalStateProfiles(
      R"({"profile":{"info_cache":{"../../etc":{"name":"x"},"Profile 3":{}}}})");
  ASSERT_TRUE(profiles);
  ASSERT_EQ(profiles->size(), 1u);
  EXPECT_EQ((*profiles)[0].dir, "Profile 3");
  EXPECT_FALSE(ParseLocalStateProfiles("{\"profile\": {"));
}

// Chromium 111 (2023) keeps extension records in Secure Preferences, without
// a copy of the manifest: two extensions loaded with --load-extension
// (location 8) and the browser's own components (5), which are not listed.
TEST(ChromiumPrefs, Chromium111SecurePreferences) {
  auto prefs = ParseExtensionSettings(
      ReadFixture(kAnnChrome + "Default/Preferences"), "Preferences");
  ASSERT_TRUE(prefs) << prefs.error().reason;
  EXPECT_TRUE(prefs->empty());  // its Preferences has no extensions.settings
  auto secure = ParseExtensionSettings(
      ReadFixture(kAnnChrome + "Default/Secure Preferences"),
      "Secure Preferences");
  ASSERT_TRUE(secure) << secure.error().reason;
  MergeExtensionSettings(*prefs, *secure);
  auto list = InstalledExtensions(*prefs);
  ASSERT_EQ(list.size(), 2u);
  const auto* mm = Find(list, "eabbjjmhckhabkmlefjbeidehgdgkdko");
  ASSERT_NE(mm, nullptr);
  EXPECT_EQ(mm->location, 8);
  EXPECT_EQ(mm->install_type, "unpacked");
  EXPECT_TRUE(mm->enabled);
  EXPECT_EQ(mm->path,
            "/Users/nv/repos/pavlovcik/scraper-parent-test/src/metamask");
  EXPECT_FALSE(mm->manifest);
  // first_install_time 13321537921236837 us since 1601 = 2023-02-22
  // 11:12:01 UTC, the second the same file's gaia_cookie changed_time names.
  EXPECT_EQ(mm->installed_at, 1677064321);
}

// Chrome 38 (2014, Windows) kept each manifest in Preferences, "state" for
// on/off and Windows paths; the default apps came with the browser.
TEST(ChromiumPrefs, Chrome38PreferencesWithManifests) {
  auto settings = ParseExtensionSettings(
      ReadFixture(std::string(kRoot) +
                  "carol/.config/chromium/Default/Preferences"),
      "Preferences");
  ASSERT_TRUE(settings) << settings.error().reason;
  auto list = InstalledExtensions(*settings);
  // 20 records: the 13 components (location 5 or 10) are not listed.
  EXPECT_EQ(list.size(), 7u);
  const auto* drive = Find(list, "apdfllckaahabafndbhieahigkjlhalf");
  ASSERT_NE(drive, nullptr);
  EXPECT_EQ(drive->path, "apdfllckaahabafndbhieahigkjlhalf/6.3_0");
  EXPECT_EQ(drive->install_type, "default");
  ASSERT_TRUE(drive->manifest);
  EXPECT_EQ(drive->manifest->name, "Google Drive");
  EXPECT_EQ(drive->manifest->version, "6.3");
  EXPECT_EQ(drive->manifest->permissions.size(), 5u);
  EXPECT_TRUE(drive->enabled);
  EXPECT_EQ(Find(list, "bepbmhgboaologfdajaanbcjmnhjmhfn"), nullptr);  // 10
  EXPECT_EQ(Find(list, "ahfgeienlihckogmohjhadlkjgocpleb"), nullptr);  // 5
  EXPECT_EQ(VersionFromPath(drive->path), "6.3");
  EXPECT_EQ(ChromiumLocationName(drive->location), "internal");
  EXPECT_EQ(ChromiumLocationName(10), "external_component");
  EXPECT_EQ(ChromiumLocationName(11), "unknown");
  EXPECT_EQ(ChromiumLocationName(-1), "unknown");
}

TEST(ChromiumPrefs, EnabledFromStateOrDisableReasons) {
  auto list = InstalledExtensions(boost::json::parse(R"({
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": {"location": 1, "path": "a/1_0", "state": 0},
    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb": {"location": 1, "path": "b/1_0", "disable_reasons": [1]},
    "cccccccccccccccccccccccccccccccc": {"location": 1, "path": "c/1_0", "disable_reasons": 0},
    "dddddddddddddddddddddddddddddddd": {"location": 1, "path": "d/1_0"},
    "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee": {"location": 3, "path": "e/1_0", "state": 2},
    "ffffffffffffffffffffffffffffffff": {"disable_reasons": 1, "state": 0},
    "gggggggggggggggggggggggggggggggg": {"location": 7, "path": "g/1_0", "state": 1, "disable_reasons": 4},
    "hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh": {"location": 6, "path": "h/2_0"}
  })")
                                      .as_object());
  ASSERT_EQ(list.size(), 6u);  // e: removed by the user; f: nothing installed
  EXPECT_FALSE(list[0].enabled);
  EXPECT_FALSE(list[1].enabled);
  EXPECT_TRUE(list[2].enabled);
  EXPECT_TRUE(list[3].enabled);
  EXPECT_TRUE(list[4].enabled);  // state wins over the bitmask
  EXPECT_EQ(list[4].install_type, "policy");
  EXPECT_EQ(list[5].install_type, "sideloaded");
  EXPECT_EQ(list[0].install_type, "sideloaded");  // not from the store
}

TEST(ChromiumPrefs, SecurePreferencesWinsAConflict) {
  auto into = boost::json::parse(
                  R"({"x": {"location": 1, "state": 1, "path": "x/1_0"}})")
                  .as_object();
  MergeExtensionSettings(
      into,
      boost::json::parse(
          R"({"x": {"state": 0}, "y": {"location": 4, "path": "/src/y"}})")
          .as_object());
  EXPECT_EQ(into.at("x").as_object().at("state").as_int64(), 0);
  EXPECT_EQ(into.at("x").as_object().at("path").as_string(), "x/1_0");
  EXPECT_TRUE(into.contains("y"));
}

TEST(ChromiumPrefs, HalfWrittenPreferencesIsAnError) {
  std::string whole = ReadFixture(std::string(kRoot) +
                                  "carol/.config/chromium/Default/Preferences");
  auto cut = ParseExtensionSettings(whole.substr(0, 2000), "Preferences");
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.error().reason.find("Preferences is not valid JSON"),
            std::string::npos);
}

// Bitwarden's own manifest (v3): a localised name, host permissions for
// every http(s) site and content scripts on every page.
TEST(ExtensionManifest, BitwardenManifestV3) {
  auto m = ParseExtensionManifest(ReadFixture(kBitwarden + "manifest.json"));
  ASSERT_TRUE(m) << m.error().reason;
  EXPECT_EQ(m->name, "__MSG_extName__");
  EXPECT_EQ(m->version, "2025.12.1");
  EXPECT_EQ(m->default_locale, "en");
  EXPECT_EQ(m->permissions.size(), 17u);
  EXPECT_EQ(m->host_permissions,
            (std::vector<std::string>{"https://*/*", "http://*/*", "*://*/*",
                                      "file:///*"}));
  EXPECT_TRUE(AnyCoversAllSites(m->host_permissions));
  EXPECT_EQ(MessageKey(m->name), "extName");
  auto name = LookupMessage(
      ReadFixture(kBitwarden + "_locales/en/messages.json"), "EXTNAME");
  ASSERT_TRUE(name) << name.error().reason;
  EXPECT_EQ(name->value_or(""), "Bitwarden Password Manager");
  auto missing = LookupMessage(
      ReadFixture(kBitwarden + "_locales/en/messages.json"), "nope");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
}

TEST(ExtensionManifest, CommentsTrailingCommasAndVersion2Permissions) {
  auto m = ParseExtensionManifest(R"({
    // written by hand
    "name": "Helper", "version": "1.0",
    "permissions": ["tabs", "<all_urls>", "*://*.example.com/*", {"socket": []},],
  })");
  ASSERT_TRUE(m) << m.error().reason;
  EXPECT_EQ(m->permissions, std::vector<std::string>{"tabs"});
  EXPECT_EQ(m->host_permissions,
            (std::vector<std::string>{"<all_urls>", "*://*.example.com/*"}));
  EXPECT_FALSE(ParseExtensionManifest("[1, 2]"));
  EXPECT_FALSE(ParseExtensionManifest("{\"name\": "));
}

TEST(ExtensionManifest, WhichPatternsCoverEverySite) {
  for (std::string_view all :
       {"<all_urls>", "*://*/*", "https://*/*", "http://*/", "wss://*/*"}) {
    EXPECT_TRUE(CoversAllSites(all)) << all;
  }
  for (std::string_view some :
       {"*://*.google.com/*", "https://example.com/*", "file:///*",
        "chrome://favicon/*", "tabs", "*://*"}) {
    EXPECT_FALSE(CoversAllSites(some)) << some;
  }
  EXPECT_EQ(MessageKey("__MSG___"), "");
  EXPECT_EQ(MessageKey("Plain"), "");
}

// Firefox 81's extensions.json from a privacy-hardened profile: 14 user
// extensions, the built-in ones and themes left out.
TEST(FirefoxProfile, Firefox81ExtensionsJson) {
  auto addons = ParseFirefoxExtensions(
      ReadFixture(std::string(kRoot) +
                  "ann/.mozilla/firefox/1soy6cb0.Privacy/extensions.json"));
  ASSERT_TRUE(addons) << addons.error().reason;
  ASSERT_EQ(addons->size(), 14u);
  auto find = [&](std::string_view id) {
    auto it = std::find_if(addons->begin(), addons->end(),
                           [&](const auto& a) { return a.id == id; });
    return it == addons->end() ? nullptr : &*it;
  };
  const auto* ublock = find("uBlock0@raymondhill.net");
  ASSERT_NE(ublock, nullptr);
  EXPECT_EQ(ublock->name, "uBlock Origin");
  EXPECT_TRUE(ublock->active);
  EXPECT_EQ(ublock->signed_state, "signed");
  EXPECT_EQ(ublock->location, "app-profile");
  EXPECT_EQ(ublock->install_type, "sideloaded");  // foreignInstall, no AMO URI
  EXPECT_TRUE(AnyCoversAllSites(ublock->origins));
  EXPECT_EQ(ublock->installed_at, 1537629023);
  const auto* google = find("dont-track-me-google@robwu.nl");
  ASSERT_NE(google, nullptr);
  EXPECT_FALSE(AnyCoversAllSites(google->origins));
  EXPECT_EQ(google->permissions, std::vector<std::string>{"storage"});
  EXPECT_EQ(find("screenshots@mozilla.org"), nullptr);    // app-system-defaults
  EXPECT_EQ(find("google@search.mozilla.org"), nullptr);  // app-builtin
  EXPECT_EQ(find("default-theme@mozilla.org"), nullptr);  // a theme
  EXPECT_FALSE(ParseFirefoxExtensions("{\"schemaVersion\": 35}"));
  EXPECT_FALSE(ParseFirefoxExtensions("{\"addons\": [{\"id\": "));
}

TEST(FirefoxProfile, InstallTypes) {
  auto addons = ParseFirefoxExtensions(R"({"addons": [
    {"id": "a@x", "type": "extension", "location": "app-profile",
     "sourceURI": "https://addons.mozilla.org/firefox/downloads/file/1/a.xpi"},
    {"id": "b@x", "type": "extension", "location": "app-profile",
     "installTelemetryInfo": {"source": "enterprise-policy"}},
    {"id": "c@x", "type": "extension", "location": "app-temporary"},
    {"id": "d@x", "type": "extension", "location": "app-system-share"},
    {"id": "e@x", "type": "extension", "location": "app-profile", "signedState": 0}
  ]})");
  ASSERT_TRUE(addons);
  ASSERT_EQ(addons->size(), 5u);
  EXPECT_EQ((*addons)[0].install_type, "store");
  EXPECT_EQ((*addons)[1].install_type, "policy");
  EXPECT_EQ((*addons)[2].install_type, "unpacked");
  EXPECT_EQ((*addons)[3].install_type, "sideloaded");
  EXPECT_EQ((*addons)[4].signed_state, "missing");
}

TEST(FirefoxProfile, ProfilesIni) {
  auto profiles = ParseProfilesIni(
      ReadFixture(std::string(kRoot) + "ann/.mozilla/firefox/profiles.ini"));
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_EQ(profiles[0].path, "x9k2l0aa.default");
  EXPECT_EQ(profiles[1].name, "Privacy");
  EXPECT_EQ(profiles[1].path, "1soy6cb0.Privacy");
  auto more = ParseProfilesIni(
      "[Install308046B0AF4A39CB]\nDefault=Profiles/orphan.default\n"
      "[Profile0]\nName=win\nIsRelative=1\nPath=Profiles\\abc.default-release\n"
      "[Profile1]\nName=abs\nIsRelative=0\nPath=/data/ff/work\n"
      "[Profile2]\nName=evil\nIsRelative=1\nPath=../../etc\n"
      "[General]\nPath=ignored\n");
  ASSERT_EQ(more.size(), 3u);
  EXPECT_EQ(more[0].path, "Profiles/abc.default-release");
  EXPECT_FALSE(more[1].relative);
  EXPECT_EQ(more[2].path, "Profiles/orphan.default");
}

TEST(BrowserPaths, EveryOsHasTheChromiumFamilyAndFirefox) {
  for (Os os : {Os::kLinux, Os::kWindows, Os::kMacos}) {
    auto list = BrowserLocations(os);
    for (std::string_view browser : {"chrome", "chromium", "edge", "brave",
                                     "vivaldi", "opera", "firefox"}) {
      EXPECT_TRUE(std::any_of(list.begin(), list.end(), [&](const auto& l) {
        return l.browser == browser;
      })) << browser;
    }
  }
  auto windows = BrowserLocations(Os::kWindows);
  EXPECT_EQ(windows[0].dir, "AppData/Local/Google/Chrome/User Data");
  auto macos = BrowserLocations(Os::kMacos);
  EXPECT_EQ(macos.back().dir, "Library/Application Support/Firefox");
  EXPECT_EQ(macos.back().engine, Engine::kFirefox);
}

}  // namespace
}  // namespace surveyor::collectors::browser
