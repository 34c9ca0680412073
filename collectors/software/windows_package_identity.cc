#include "collectors/software/windows_package_identity.h"

#include <algorithm>
#include <array>

namespace surveyor::collectors::software {
namespace {

constexpr std::array<std::string_view, 6> kArchitectures = {
    "x86", "x64", "arm", "arm64", "x86a64", "neutral"};

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '.' || c == '-';
}

bool IsVersion(std::string_view v) {
  int parts = 0;
  while (true) {
    const auto dot = v.find('.');
    const std::string_view part = v.substr(0, dot);
    if (part.empty() || part.size() > 5 ||
        !std::all_of(part.begin(), part.end(),
                     [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    ++parts;
    if (dot == std::string_view::npos) break;
    v.remove_prefix(dot + 1);
  }
  return parts == 4;
}

bool IsPublisherId(std::string_view id) {
  return id.size() == 13 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
         });
}

}  // namespace

std::optional<PackageIdentity> ParsePackageFullName(std::string_view full) {
  std::array<std::string_view, 5> part;
  for (std::size_t i = 0; i < part.size(); ++i) {
    const auto cut = full.find('_');
    if ((cut == std::string_view::npos) != (i == part.size() - 1)) {
      return std::nullopt;  // Fewer or more than five parts.
    }
    part[i] = full.substr(0, cut);
    if (cut != std::string_view::npos) full.remove_prefix(cut + 1);
  }
  const auto& [name, version, arch, resource, publisher] = part;
  if (name.size() < 3 || name.size() > 50 ||
      !std::all_of(name.begin(), name.end(), IsNameChar) ||
      !IsVersion(version) ||
      std::find(kArchitectures.begin(), kArchitectures.end(), arch) ==
          kArchitectures.end() ||
      resource.size() > 30 ||
      !std::all_of(resource.begin(), resource.end(),
                   [](char c) { return IsNameChar(c) || c == '~'; }) ||
      !IsPublisherId(publisher)) {
    return std::nullopt;
  }
  return PackageIdentity{std::string(name), std::string(version),
                         std::string(arch), std::string(resource),
                         std::string(publisher)};
}

}  // namespace surveyor::collectors::software
