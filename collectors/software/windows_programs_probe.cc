#include "collectors/software/windows_programs_probe.h"

#include <string>
#include <string_view>

#include "collectors/software/windows_programs.h"
#include "collectors/text_util.h"

namespace surveyor::collectors::software {
namespace {

constexpr std::string_view kUninstall =
    "\\Microsoft\\Windows\\CurrentVersion\\Uninstall";

// HKEY_USERS holds each loaded user's hive by SID, and beside it
// "<SID>_Classes" (their file associations) and ".DEFAULT" (the profile new
// users start from): neither has programs of its own.
bool IsUserHive(std::string_view name) {
  return !name.empty() && name.front() != '.' &&
         !AsciiLower(name).ends_with("_classes");
}

constexpr std::size_t kMachineViews = 2;

}  // namespace

std::vector<std::string> WindowsUninstallKeys(windows::RegistryView& registry) {
  std::vector<std::string> paths = {
      "HKEY_LOCAL_MACHINE\\SOFTWARE" + std::string(kUninstall),
      "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node" + std::string(kUninstall)};
  if (auto users = registry.SubkeyNames("HKEY_USERS"); users) {
    for (const std::string& sid : *users) {
      if (IsUserHive(sid)) {
        paths.push_back("HKEY_USERS\\" + sid + "\\Software" +
                        std::string(kUninstall));
      }
    }
  }
  return paths;
}

std::expected<std::vector<v1::Package>, common::Error> ReadWindowsPrograms(
    windows::RegistryView& registry) {
  std::vector<RegistryKey> keys;
  const std::vector<std::string> paths = WindowsUninstallKeys(registry);
  for (std::size_t i = 0; i < paths.size(); ++i) {
    auto tree = registry.ReadTree(paths[i], /*depth=*/1);
    if (!tree) {
      // An unreadable user hive is skipped; HKLM's is the error.
      if (i < kMachineViews) return std::unexpected(tree.error());
      continue;
    }
    keys.insert(keys.end(), std::make_move_iterator(tree->begin()),
                std::make_move_iterator(tree->end()));
  }
  return WindowsPrograms(keys);
}

}  // namespace surveyor::collectors::software
