#include "collectors/software/windows_programs_probe.h"

#include <string>
#include <string_view>

#include "collectors/software/windows_appx.h"
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

constexpr std::string_view kAppxStore =
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Appx\\"
    "AppxAllUserStore";

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

std::vector<std::string> WindowsSoftwareKeys(windows::RegistryView& registry) {
  std::vector<std::string> paths = WindowsUninstallKeys(registry);
  paths.emplace_back(kAppxStore);
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

std::expected<std::optional<std::vector<v1::Package>>, common::Error>
ReadAppxPackages(windows::RegistryView& registry) {
  // The store's direct subkeys, then each package key under the ones that
  // hold installed packages (AppxPackages sorts them out).
  auto owners = registry.SubkeyNames(kAppxStore);
  if (!owners) return std::unexpected(owners.error());
  if (owners->empty()) return std::nullopt;
  std::vector<RegistryKey> keys;
  for (const std::string& owner : *owners) {
    const std::string path = std::string(kAppxStore) + "\\" + owner;
    auto names = registry.SubkeyNames(path);
    if (!names) continue;  // One unreadable user's packages are skipped.
    for (const std::string& name : *names) {
      keys.push_back(RegistryKey{path + "\\" + name, {}});
    }
  }
  return AppxPackages(keys);
}

}  // namespace surveyor::collectors::software
