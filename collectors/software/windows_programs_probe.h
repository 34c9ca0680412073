// Reads the programs Windows lists from a RegistryView (the live registry on
// Windows, export files in tests): the Uninstall keys of HKLM's 64-bit and
// 32-bit views, and of every loaded user hive under HKEY_USERS (the users
// logged on, and services' profiles; a user's own installs such as Zoom,
// Slack and Teams are there). WindowsPrograms applies Windows' listing rules.
// And the app packages (MSIX/Appx) the AppxAllUserStore key lists for the
// machine and every user (windows_appx.h).
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "collectors/windows/registry_view.h"
#include "common/error.h"
#include "surveyor/v1/software.pb.h"

namespace surveyor::collectors::software {

// The listed programs. An absent Uninstall key contributes nothing; an
// unreadable user hive is skipped; an unreadable HKLM key is the error.
std::expected<std::vector<v1::Package>, common::Error> ReadWindowsPrograms(
    windows::RegistryView& registry);

// The app packages: nullopt when the machine has no AppxAllUserStore key
// (before Windows 8, and Wine); kPermissionDenied or kIo when it cannot be
// read.
std::expected<std::optional<std::vector<v1::Package>>, common::Error>
ReadAppxPackages(windows::RegistryView& registry);

// The Uninstall keys ReadWindowsPrograms reads, HKLM's two views first then
// each loaded user hive's: what the Windows daemon watches for changes.
std::vector<std::string> WindowsUninstallKeys(windows::RegistryView& registry);

// What the Windows daemon watches for software changes: the Uninstall keys,
// then the AppxAllUserStore key (RegistryWatch skips one that is absent).
std::vector<std::string> WindowsSoftwareKeys(windows::RegistryView& registry);

}  // namespace surveyor::collectors::software
