#include "service/store/software_keys.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <string_view>

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
  if (p.has_windows()) {
    return p.windows().scope() + ":" + p.windows().user() + ":" +
           p.windows().key_name() + kWindowsPublisherSeparator +
           p.windows().publisher();
  }
  return {};
}

// A Windows InstallDate (YYYYMMDD, as installers write it) as the epoch
// seconds of that day's start, UTC; 0 when it is not such a date.
std::int64_t WindowsInstallDay(std::string_view s) {
  if (s.size() != 8) return 0;
  int v[3] = {0, 0, 0};
  const int widths[3] = {4, 2, 2};
  std::size_t at = 0;
  for (int i = 0; i < 3; ++i) {
    for (int k = 0; k < widths[i]; ++k, ++at) {
      if (s[at] < '0' || s[at] > '9') return 0;
      v[i] = v[i] * 10 + (s[at] - '0');
    }
  }
  const std::chrono::year_month_day day{
      std::chrono::year{v[0]}, std::chrono::month{static_cast<unsigned>(v[1])},
      std::chrono::day{static_cast<unsigned>(v[2])}};
  if (!day.ok() || v[0] < 1980) return 0;
  return std::chrono::sys_days{day}.time_since_epoch().count() * 86400;
}

}  // namespace

std::string_view WindowsPublisher(const SoftwareKey& key) {
  if (key.source != v1::PACKAGE_SOURCE_WINDOWS) return {};
  std::string_view v = key.variant;
  auto sep = v.find(kWindowsPublisherSeparator);
  return sep == std::string_view::npos ? std::string_view{} : v.substr(sep + 1);
}

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
    } else if (p.has_windows()) {
      d.publisher = p.windows().publisher();
      d.installed_at = WindowsInstallDay(p.windows().install_date());
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
