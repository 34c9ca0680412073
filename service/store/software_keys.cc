#include "service/store/software_keys.h"

#include <algorithm>
#include <iterator>

namespace surveyor::service {
namespace {

std::string Variant(const v1::Package& p) {
  if (p.has_flatpak()) {
    return p.flatpak().installation() + ":" + p.flatpak().user() + ":" +
           p.flatpak().branch();
  }
  return {};
}

}  // namespace

std::vector<SoftwareKey> InstalledKeys(
    const google::protobuf::RepeatedPtrField<v1::Package>& packages) {
  std::vector<SoftwareKey> keys;
  keys.reserve(static_cast<std::size_t>(packages.size()));
  for (const auto& p : packages) {
    if (!p.installed()) continue;
    keys.push_back(SoftwareKey{p.source(), p.name(), p.architecture(),
                               Variant(p), p.version()});
  }
  std::sort(keys.begin(), keys.end());
  return keys;
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
