// Windows app package identity (Microsoft's "Package identity overview"):
// a package full name is "<Name>_<Version>_<Architecture>_<ResourceId>_
// <PublisherId>": Name 3-50 characters of letters, digits, '.' and '-';
// Version four numbers; Architecture x86, x64, arm, arm64, x86a64 or
// neutral; ResourceId empty for a main package, "~" for a bundle, otherwise
// a resource package's (up to 30 characters); PublisherId 13 characters of
// [a-z0-9]. Pure; fuzzed (tests/fuzz/registry_export_fuzz.cc), since any
// installer can name a registry key.
#pragma once

#include <optional>
#include <string>
#include <string_view>

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

}  // namespace surveyor::collectors::software
