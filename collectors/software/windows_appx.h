// Windows app packages (MSIX/Appx) from the AppxAllUserStore registry key
// (HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Appx
// \AppxAllUserStore), where Windows keeps, by package full name:
//   Applications\<full name>   packages provisioned for every user (the
//                              Store's inbox apps, the new Teams deployed
//                              machine-wide);
//   <user SID>\<full name>     packages installed for that user, whether or
//                              not the user is logged on.
// Other subkeys (Staged, Deleted, Deprovisioned, EndOfLife, Config, the
// SYSTEM account's) are not installed packages and are ignored.
//
// Package full names are parsed by windows_package_identity.h; resource
// packages (languages, scales: not apps) are skipped, and a bundle listed
// beside its own main package (same name and version) is one package. Pure.
#pragma once

#include <vector>

#include "collectors/registry_export.h"
#include "collectors/software/windows_package_identity.h"
#include "surveyor/v1/software.pb.h"

namespace surveyor::collectors::software {

// The installed packages among `keys` (those directly under an
// AppxAllUserStore's Applications or user-SID subkey count), as
// PACKAGE_SOURCE_MSIX packages, one per name, architecture and version.
std::vector<v1::Package> AppxPackages(const std::vector<RegistryKey>& keys);

}  // namespace surveyor::collectors::software
