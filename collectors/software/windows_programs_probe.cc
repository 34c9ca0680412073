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

}  // namespace

std::expected<std::vector<v1::Package>, common::Error> ReadWindowsPrograms(
    windows::RegistryView& registry) {
  std::vector<RegistryKey> keys;
  for (std::string_view view : {"HKEY_LOCAL_MACHINE\\SOFTWARE",
                                "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node"}) {
    auto tree = registry.ReadTree(std::string(view) + std::string(kUninstall),
                                  /*depth=*/1);
    if (!tree) return std::unexpected(tree.error());
    keys.insert(keys.end(), std::make_move_iterator(tree->begin()),
                std::make_move_iterator(tree->end()));
  }
  auto users = registry.SubkeyNames("HKEY_USERS");
  if (users) {
    for (const std::string& sid : *users) {
      if (!IsUserHive(sid)) continue;
      auto tree = registry.ReadTree(
          "HKEY_USERS\\" + sid + "\\Software" + std::string(kUninstall), 1);
      if (!tree) continue;
      keys.insert(keys.end(), std::make_move_iterator(tree->begin()),
                  std::make_move_iterator(tree->end()));
    }
  }
  return WindowsPrograms(keys);
}

}  // namespace surveyor::collectors::software
