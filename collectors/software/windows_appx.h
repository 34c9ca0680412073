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
// A package full name is "<Name>_<Version>_<Architecture>_<ResourceId>_
// <PublisherId>" (Microsoft's "Package identity overview"): Name 3-50
// characters of letters, digits, '.' and '-'; Version four numbers;
// Architecture x86, x64, arm, arm64, x86a64 or neutral; ResourceId empty
// for a main package, "~" for a bundle, otherwise a resource package
// (languages, scales: not an app, skipped); PublisherId 13 characters of
// [a-z0-9]. A bundle listed beside its own main package (same name and
// version) is one package. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/registry_export.h"
#include "surveyor/v1/software.pb.h"

namespace surveyor::collectors::software {

struct PackageIdentity {
  std::string name;
  std::string version;
  std::string architecture;
  std::string resource_id;
  std::string publisher_id;
};

// The five parts of `full_name`, or nullopt when it is not one.
std::optional<PackageIdentity> ParsePackageFullName(std::string_view full_name);

// The installed packages among `keys` (those directly under an
// AppxAllUserStore's Applications or user-SID subkey count), as
// PACKAGE_SOURCE_MSIX packages, one per name, architecture and version.
std::vector<v1::Package> AppxPackages(const std::vector<RegistryKey>& keys);

}  // namespace surveyor::collectors::software
