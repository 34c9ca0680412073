// The identity under which the store's history tracks a package: (source,
// name, architecture, variant, version), installed packages only. Pure
// functions that turn inventories and deltas into history changes.
#pragma once

#include <google/protobuf/repeated_ptr_field.h>

#include <compare>
#include <cstdint>
#include <string>
#include <vector>

#include "surveyor/v1/software.pb.h"

namespace surveyor::service {

struct SoftwareKey {
  std::int64_t source = 0;
  std::string name;
  std::string arch;
  // Distinguishes copies that differ only in where they live (a Flatpak
  // installed system-wide and for a user); empty for most packages.
  std::string variant;
  std::string version;

  friend auto operator<=>(const SoftwareKey&, const SoftwareKey&) = default;
};

// Keys of the installed packages among `packages`, sorted.
std::vector<SoftwareKey> InstalledKeys(
    const google::protobuf::RepeatedPtrField<v1::Package>& packages);

// What the history must record to go from `before` to `after` (both sorted
// multisets): keys to mark removed and keys to insert. A package whose
// details changed but whose key did not is no change.
struct KeyChanges {
  std::vector<SoftwareKey> removed;
  std::vector<SoftwareKey> added;
};
KeyChanges DiffKeys(const std::vector<SoftwareKey>& before,
                    const std::vector<SoftwareKey>& after);

}  // namespace surveyor::service
