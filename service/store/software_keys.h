// The identity under which the store's history tracks a package: (source,
// name, architecture, variant, version), installed packages only. Pure
// functions that turn inventories and deltas into history changes.
#pragma once

#include <google/protobuf/repeated_ptr_field.h>

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "surveyor/v1/software.pb.h"

namespace surveyor::service {

struct SoftwareKey {
  std::int64_t source = 0;
  std::string name;
  std::string arch;
  // Distinguishes copies that differ only in where they live (a Flatpak
  // installed system-wide and for a user, a browser extension's
  // "browser:user:profile", a Windows program's "scope:user:key" followed by
  // a tab and its publisher, which catalog matching needs) or how far they
  // are installed (a dpkg package not fully installed: "unpacked
  // (install)"); empty for most packages.
  std::string variant;
  std::string version;

  friend auto operator<=>(const SoftwareKey&, const SoftwareKey&) = default;
};

// Between a Windows program's location and its publisher in the variant.
inline constexpr char kWindowsPublisherSeparator = '\t';
// A Windows program key's publisher (from its variant); "" for other keys.
std::string_view WindowsPublisher(const SoftwareKey& key);

// Keys of the installed packages among `packages`, sorted. dpkg packages
// that are not fully installed but have their files on disk count too,
// their state in the variant.
std::vector<SoftwareKey> InstalledKeys(
    const google::protobuf::RepeatedPtrField<v1::Package>& packages);

// What an auditor's software inventory asks of a package beyond its
// identity (CIS 2.1: publisher, install date), as the package manager tells:
// the rpm VENDOR, the snap publisher, the Flatpak remote, the dpkg
// Maintainer; rpm's INSTALLTIME (0: the package manager does not record
// one). For a browser extension, its name and whether it can read and change
// every site. Stored with the history row when it is inserted.
struct PackageDetails {
  std::string publisher;
  std::int64_t installed_at = 0;
  std::string display_name;  // browser extensions
  bool all_sites = false;    // browser extensions
};

// The details of the installed packages among `packages`, by key.
std::map<SoftwareKey, PackageDetails> DetailsOf(
    const google::protobuf::RepeatedPtrField<v1::Package>& packages);

// What the history must record to go from `before` to `after` (both sorted
// multisets): keys to mark removed and keys to insert (with their details
// when known). A package whose details changed but whose key did not is no
// change.
struct KeyChanges {
  std::vector<SoftwareKey> removed;
  std::vector<SoftwareKey> added;
  std::map<SoftwareKey, PackageDetails> details;  // of keys in `added`
};
// A new history row's detail columns: nullopt (NULL) when not known.
struct NewRowColumns {
  std::optional<std::string> publisher;
  std::optional<std::int64_t> installed_at;
  std::optional<std::string> display_name;
  std::optional<std::int64_t> all_sites;  // 1 or 0; NULL unless an extension
};
NewRowColumns NewRowDetails(const KeyChanges& changes, const SoftwareKey& key);

KeyChanges DiffKeys(const std::vector<SoftwareKey>& before,
                    const std::vector<SoftwareKey>& after);

}  // namespace surveyor::service
