// Where each browser keeps its profiles, per operating system: pure rules,
// relative to a user's home directory ('/'-separated; the Windows agent
// joins them to the user's profile directory, e.g. C:\Users\ann).
#pragma once

#include <span>
#include <string_view>

namespace surveyor::collectors::browser {

enum class Os { kLinux, kWindows, kMacos };
enum class Engine { kChromium, kFirefox };

struct BrowserLocation {
  std::string_view browser;  // BrowserExtensionDetails.browser
  Engine engine;
  // Chromium: the user data directory (holds "Local State" and the profile
  // directories). Firefox: the directory holding profiles.ini.
  std::string_view dir;
  // Opera keeps one profile in the user data directory itself.
  bool single_profile = false;
};

// Every location to look at on `os`, packaged builds (Snap, Flatpak)
// included on Linux.
std::span<const BrowserLocation> BrowserLocations(Os os);

}  // namespace surveyor::collectors::browser
