#include "collectors/software/windows_programs.h"

#include <optional>
#include <string>
#include <string_view>

#include "collectors/text_util.h"

namespace surveyor::collectors::software {
namespace {

constexpr std::string_view kUninstall =
    "\\microsoft\\windows\\currentversion\\uninstall\\";

struct Location {
  std::string scope;  // machine, machine-32, user
  std::string user;
  std::string key_name;
};

// Where an Uninstall entry's key is, or nullopt when `path` is not a direct
// subkey of one of the Uninstall keys.
std::optional<Location> Locate(std::string_view path) {
  const std::string lower = AsciiLower(path);
  auto at = lower.find(kUninstall);
  if (at == std::string::npos) return std::nullopt;
  std::string_view key_name = path.substr(at + kUninstall.size());
  if (key_name.empty() || key_name.find('\\') != std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view root = std::string_view(lower).substr(0, at);
  Location loc;
  loc.key_name = std::string(key_name);
  if (root == "hkey_local_machine\\software") {
    loc.scope = "machine";
  } else if (root == "hkey_local_machine\\software\\wow6432node") {
    loc.scope = "machine-32";
  } else if (root == "hkey_current_user\\software") {
    loc.scope = "user";
    loc.user = "current";
  } else if (root.starts_with("hkey_users\\") && root.ends_with("\\software") &&
             root.size() > std::string_view("hkey_users\\\\software").size()) {
    loc.scope = "user";
    std::string_view original = path.substr(0, at);
    constexpr std::size_t kPrefix = std::string_view("HKEY_USERS\\").size();
    loc.user = std::string(original.substr(
        kPrefix,
        original.size() - kPrefix - std::string_view("\\Software").size()));
    if (loc.user.find('\\') != std::string::npos) return std::nullopt;
  } else {
    return std::nullopt;
  }
  return loc;
}

bool IsUpdateRelease(std::string_view release_type) {
  std::string t = AsciiLower(Trim(release_type));
  return t == "security update" || t == "update rollup" || t == "hotfix";
}

}  // namespace

std::vector<v1::Package> WindowsPrograms(const std::vector<RegistryKey>& keys) {
  std::vector<v1::Package> out;
  for (const auto& key : keys) {
    auto loc = Locate(key.path);
    if (!loc) continue;
    std::string_view name = Trim(key.String("DisplayName"));
    if (name.empty()) continue;
    if (key.Number("SystemComponent", 0) == 1) continue;
    if (!Trim(key.String("ParentKeyName")).empty()) continue;
    if (IsUpdateRelease(key.String("ReleaseType"))) continue;

    v1::Package p;
    p.set_source(v1::PACKAGE_SOURCE_WINDOWS);
    p.set_name(std::string(name));
    std::string_view version = Trim(key.String("DisplayVersion"));
    if (!version.empty()) {
      p.set_version(std::string(version));
    } else if (key.Find("VersionMajor") != nullptr) {
      p.set_version(std::to_string(key.Number("VersionMajor", 0)) + "." +
                    std::to_string(key.Number("VersionMinor", 0)));
    }
    if (loc->scope == "machine-32") p.set_architecture("x86");
    p.set_installed(true);
    auto* d = p.mutable_windows();
    d->set_key_name(loc->key_name);
    d->set_publisher(std::string(Trim(key.String("Publisher"))));
    d->set_scope(loc->scope);
    d->set_user(loc->user);
    d->set_install_date(std::string(Trim(key.String("InstallDate"))));
    d->set_install_location(std::string(Trim(key.String("InstallLocation"))));
    d->set_windows_installer(key.Number("WindowsInstaller", 0) == 1);
    d->set_estimated_size_kib(key.Number("EstimatedSize", 0));
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace surveyor::collectors::software
