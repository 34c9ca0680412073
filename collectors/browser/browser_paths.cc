#include "collectors/browser/browser_paths.h"

namespace surveyor::collectors::browser {
namespace {

constexpr Engine kC = Engine::kChromium;
constexpr Engine kF = Engine::kFirefox;

constexpr BrowserLocation kLinux[] = {
    {"chrome", kC, ".config/google-chrome"},
    {"chrome-beta", kC, ".config/google-chrome-beta"},
    {"chromium", kC, ".config/chromium"},
    {"chromium-snap", kC, "snap/chromium/common/chromium"},
    {"chromium-flatpak", kC, ".var/app/org.chromium.Chromium/config/chromium"},
    {"edge", kC, ".config/microsoft-edge"},
    {"brave", kC, ".config/BraveSoftware/Brave-Browser"},
    {"brave-flatpak", kC,
     ".var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser"},
    {"vivaldi", kC, ".config/vivaldi"},
    {"opera", kC, ".config/opera", true},
    {"firefox", kF, ".mozilla/firefox"},
    {"firefox-snap", kF, "snap/firefox/common/.mozilla/firefox"},
    {"firefox-flatpak", kF, ".var/app/org.mozilla.firefox/.mozilla/firefox"},
};

constexpr BrowserLocation kWindows[] = {
    {"chrome", kC, "AppData/Local/Google/Chrome/User Data"},
    {"chromium", kC, "AppData/Local/Chromium/User Data"},
    {"edge", kC, "AppData/Local/Microsoft/Edge/User Data"},
    {"brave", kC, "AppData/Local/BraveSoftware/Brave-Browser/User Data"},
    {"vivaldi", kC, "AppData/Local/Vivaldi/User Data"},
    {"opera", kC, "AppData/Roaming/Opera Software/Opera Stable", true},
    {"firefox", kF, "AppData/Roaming/Mozilla/Firefox"},
};

constexpr BrowserLocation kMacos[] = {
    {"chrome", kC, "Library/Application Support/Google/Chrome"},
    {"chromium", kC, "Library/Application Support/Chromium"},
    {"edge", kC, "Library/Application Support/Microsoft Edge"},
    {"brave", kC, "Library/Application Support/BraveSoftware/Brave-Browser"},
    {"vivaldi", kC, "Library/Application Support/Vivaldi"},
    {"opera", kC, "Library/Application Support/com.operasoftware.Opera", true},
    {"firefox", kF, "Library/Application Support/Firefox"},
};

}  // namespace

std::span<const BrowserLocation> BrowserLocations(Os os) {
  switch (os) {
    case Os::kWindows:
      return kWindows;
    case Os::kMacos:
      return kMacos;
    case Os::kLinux:
      break;
  }
  return kLinux;
}

}  // namespace surveyor::collectors::browser
