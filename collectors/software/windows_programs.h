// The programs Windows lists in Apps / Programs and Features, from the
// Uninstall registry keys: HKLM's 64-bit view
// (HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall),
// its 32-bit view (...\SOFTWARE\WOW6432Node\...), and each user's hive
// (HKEY_USERS\<SID>\Software\... or HKEY_CURRENT_USER\Software\...), where
// per-user installs such as Zoom, Slack and Teams register.
//
// The rules Windows applies to what it lists:
//   - an entry without a DisplayName (or with an empty one) is not listed;
//   - SystemComponent = 1 hides it (ARPSYSTEMCOMPONENT: a component that
//     another product installs and removes);
//   - an entry with a ParentKeyName is an update of that parent, listed
//     under installed updates instead;
//   - so is one whose ReleaseType is "Security Update", "Update Rollup" or
//     "Hotfix".
// Only direct subkeys of an Uninstall key are entries; keys elsewhere are
// ignored. Pure.
#pragma once

#include <vector>

#include "collectors/registry_export.h"
#include "surveyor/v1/software.pb.h"

namespace surveyor::collectors::software {

// The listed programs among `keys` (any keys; those under an Uninstall key
// count), as PACKAGE_SOURCE_WINDOWS packages named by DisplayName with
// DisplayVersion (or VersionMajor.VersionMinor) as the version.
std::vector<v1::Package> WindowsPrograms(const std::vector<RegistryKey>& keys);

}  // namespace surveyor::collectors::software
