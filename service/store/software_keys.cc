#include "service/store/software_keys.h"

#include <algorithm>
#include <iterator>

namespace surveyor::service {
namespace {

// A dpkg package that is not fully installed but whose files are on disk
// (unpacked, half-installed, half-configured, awaiting triggers, or
// installed and selected for removal): it can run, so it counts.
bool DpkgFilesPresent(const v1::Package& p) {
  if (!p.has_dpkg() || p.installed()) return false;
  const std::string& state = p.dpkg().state();
  return !state.empty() && state != "not-installed" && state != "config-files";
}

bool Counts(const v1::Package& p) {
  return p.installed() || DpkgFilesPresent(p);
}

std::string Variant(const v1::Package& p) {
  if (DpkgFilesPresent(p)) {
    return p.dpkg().state() + " (" + p.dpkg().want() + ")";
  }
  if (p.has_flatpak()) {
    return p.flatpak().installation() + ":" + p.flatpak().user() + ":" +
           p.flatpak().branch();
  }
  if (p.has_browser()) {
    return p.browser().browser() + ":" + p.browser().user() + ":" +
           p.browser().profile();
  }
  return {};
}

}  // namespace

std::vector<SoftwareKey> InstalledKeys(
    const google::protobuf::RepeatedPtrField<v1::Package>& packages) {
  std::vector<SoftwareKey> keys;
  keys.reserve(static_cast<std::size_t>(packages.size()));
  for (const auto& p : packages) {
    if (!Counts(p)) continue;
    keys.push_back(SoftwareKey{p.source(), p.name(), p.architecture(),
                               Variant(p), p.version()});
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::map<SoftwareKey, PackageDetails> DetailsOf(
    const google::protobuf::RepeatedPtrField<v1::Package>& packages) {
  std::map<SoftwareKey, PackageDetails> out;
  for (const auto& p : packages) {
    if (!Counts(p)) continue;
    PackageDetails d;
    if (p.has_rpm()) {
      d.publisher = p.rpm().vendor();
      d.installed_at = p.rpm().install_time();
    } else if (p.has_snap()) {
      d.publisher = p.snap().publisher();
    } else if (p.has_flatpak()) {
      d.publisher = p.flatpak().origin();
    } else if (p.has_dpkg()) {
      d.publisher = p.dpkg().maintainer();
    } else if (p.has_browser()) {
      d.installed_at = p.browser().installed_at();
      d.display_name = p.browser().display_name();
      d.all_sites = p.browser().all_sites();
    }
    if (d.publisher.empty() && d.installed_at == 0 && d.display_name.empty() &&
        !p.has_browser()) {
      continue;
    }
    out.emplace(SoftwareKey{p.source(), p.name(), p.architecture(), Variant(p),
                            p.version()},
                std::move(d));
  }
  return out;
}

NewRowColumns NewRowDetails(const KeyChanges& changes, const SoftwareKey& key) {
  NewRowColumns out;
  const auto d = changes.details.find(key);
  const PackageDetails none;
  const PackageDetails& known = d != changes.details.end() ? d->second : none;
  if (!known.publisher.empty()) out.publisher = known.publisher;
  if (known.installed_at != 0) out.installed_at = known.installed_at;
  if (!known.display_name.empty()) out.display_name = known.display_name;
  if (key.source == v1::PACKAGE_SOURCE_BROWSER) {
    out.all_sites = known.all_sites ? 1 : 0;
  }
  return out;
}

KeyChanges DiffKeys(const std::vector<SoftwareKey>& before,
                    const std::vector<SoftwareKey>& after) {
  KeyChanges out;
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                      std::back_inserter(out.removed));
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(out.added));
  return out;
}

}  // namespace surveyor::service
