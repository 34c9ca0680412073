#include "collectors/software/windows_appx.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "collectors/text_util.h"

namespace surveyor::collectors::software {
namespace {

constexpr std::string_view kStore = "\\appxalluserstore\\";

// Whose the subkey of AppxAllUserStore is: a user account's SID (local or
// domain S-1-5-21-..., Microsoft Entra S-1-12-1-...).
bool IsUserSid(std::string_view s) {
  return s.starts_with("S-1-5-21-") || s.starts_with("S-1-12-1-");
}

struct Entry {
  v1::Package package;
  bool provisioned = false;
  std::set<std::string> users;
};

using Key = std::tuple<std::string, std::string, std::string>;

}  // namespace

std::vector<v1::Package> AppxPackages(const std::vector<RegistryKey>& keys) {
  std::map<Key, Entry> found;
  for (const RegistryKey& key : keys) {
    const std::string lower = AsciiLower(key.path);
    const auto at = lower.find(kStore);
    if (at == std::string::npos) continue;
    std::string_view rest = key.path;
    rest.remove_prefix(at + kStore.size());
    const auto slash = rest.find('\\');
    if (slash == std::string_view::npos) continue;
    const std::string_view owner = rest.substr(0, slash);
    const std::string_view full = rest.substr(slash + 1);
    const bool provisioned = EqualsIgnoreCase(owner, "Applications");
    if (!provisioned && !IsUserSid(owner)) continue;
    auto id = ParsePackageFullName(full);
    // A resource package (a language, a scale) belongs to an app listed
    // on its own.
    if (!id || (!id->resource_id.empty() && id->resource_id != "~")) continue;
    Entry& e = found[Key{id->name, id->architecture, id->version}];
    if (e.package.name().empty()) {
      e.package.set_source(v1::PACKAGE_SOURCE_MSIX);
      e.package.set_name(id->name);
      e.package.set_version(id->version);
      e.package.set_architecture(id->architecture);
      e.package.set_installed(true);
      v1::MsixPackageDetails* d = e.package.mutable_msix();
      d->set_full_name(std::string(full));
      d->set_publisher_id(id->publisher_id);
      d->set_resource_id(id->resource_id);
    }
    e.provisioned = e.provisioned || provisioned;
    if (!provisioned) e.users.emplace(owner);
  }
  // A bundle beside its own main package is that package.
  for (auto it = found.begin(); it != found.end();) {
    const auto is_main_of_it = [&](const auto& kv) {
      return std::get<0>(kv.first) == std::get<0>(it->first) &&
             std::get<2>(kv.first) == std::get<2>(it->first) &&
             kv.second.package.msix().resource_id().empty();
    };
    auto main = it->second.package.msix().resource_id() == "~"
                    ? std::find_if(found.begin(), found.end(), is_main_of_it)
                    : found.end();
    if (main == found.end()) {
      ++it;
      continue;
    }
    main->second.provisioned |= it->second.provisioned;
    main->second.users.insert(it->second.users.begin(), it->second.users.end());
    it = found.erase(it);
  }
  std::vector<v1::Package> out;
  out.reserve(found.size());
  for (auto& [key, e] : found) {
    v1::MsixPackageDetails* d = e.package.mutable_msix();
    d->set_provisioned(e.provisioned);
    for (const auto& sid : e.users) d->add_user_sids(sid);
    out.push_back(std::move(e.package));
  }
  return out;
}

}  // namespace surveyor::collectors::software
