#include "common/snapshot_delta.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "common/hash.h"

namespace surveyor::common {
namespace {

using Key = std::string;  // Deterministic bytes of one package.

}  // namespace

std::string_view PackageSourceName(int source) {
  switch (source) {
    case v1::PACKAGE_SOURCE_DPKG:
      return "dpkg";
    case v1::PACKAGE_SOURCE_RPM:
      return "rpm";
    case v1::PACKAGE_SOURCE_FLATPAK:
      return "flatpak";
    case v1::PACKAGE_SOURCE_SNAP:
      return "snap";
    case v1::PACKAGE_SOURCE_BROWSER:
      return "browser-extension";
    case v1::PACKAGE_SOURCE_WINDOWS:
      return "windows";
    case v1::PACKAGE_SOURCE_MSIX:
      return "msix";
    default:
      return "unknown";
  }
}

std::string DeterministicBytes(const google::protobuf::Message& msg) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    msg.SerializeToCodedStream(&coded);
  }
  return out;
}

std::string PayloadHash(const google::protobuf::Message& msg) {
  return Sha256(DeterministicBytes(msg));
}

MultisetDigest SoftwarePackagesDigest(const v1::SoftwareInventory& inventory) {
  MultisetDigest digest;
  for (const auto& p : inventory.packages()) digest.Add(DeterministicBytes(p));
  return digest;
}

void ApplySoftwareDeltaToDigest(const v1::SoftwareDelta& delta,
                                MultisetDigest& digest) {
  for (const auto& p : delta.removed()) digest.Remove(DeterministicBytes(p));
  for (const auto& p : delta.added()) digest.Add(DeterministicBytes(p));
}

std::string SoftwareContentHash(
    const MultisetDigest& digest,
    const google::protobuf::RepeatedField<int>& sources) {
  std::vector<int> sorted(sources.begin(), sources.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::string material = "surveyor.v1.software\n" + digest.State();
  for (int s : sorted) {
    // Fixed-width so no two lists share an encoding.
    for (int i = 0; i < 4; ++i) {
      material.push_back(static_cast<char>((s >> (8 * i)) & 0xff));
    }
  }
  return Sha256(material);
}

std::string SoftwareContentHash(const v1::SoftwareInventory& inventory) {
  return SoftwareContentHash(SoftwarePackagesDigest(inventory),
                             inventory.sources_present());
}

std::string SectionPayloadHash(const v1::Section& section) {
  // A switch over the generated accessors rather than reflection: reflection
  // would build every section's descriptors, which the agent never needs.
  switch (section.payload_case()) {
    case v1::Section::kHost:
      return PayloadHash(section.host());
    case v1::Section::kSoftware:
      return SoftwareContentHash(section.software());
    case v1::Section::kProtection:
      return PayloadHash(section.protection());
    case v1::Section::kBackup:
      return PayloadHash(section.backup());
    case v1::Section::kSaas:
      return PayloadHash(section.saas());
    case v1::Section::kSoftwareDelta:
      return PayloadHash(section.software_delta());
    case v1::Section::PAYLOAD_NOT_SET:
      break;
  }
  return Sha256("");
}

void CanonicalizeSoftware(v1::SoftwareInventory& inventory) {
  auto* pkgs = inventory.mutable_packages();
  std::sort(pkgs->pointer_begin(), pkgs->pointer_end(),
            [](const v1::Package* a, const v1::Package* b) {
              if (a->source() != b->source()) return a->source() < b->source();
              auto ka = std::tie(a->name(), a->architecture(), a->version());
              auto kb = std::tie(b->name(), b->architecture(), b->version());
              if (ka != kb) return ka < kb;
              // Same identity in two places (a Flatpak for two users):
              // order by the full bytes so the order is total.
              return DeterministicBytes(*a) < DeterministicBytes(*b);
            });
}

v1::SoftwareDelta ComputeSoftwareDelta(const v1::SoftwareInventory& base,
                                       const std::string& base_hash,
                                       const v1::SoftwareInventory& current) {
  v1::SoftwareDelta delta;
  delta.set_base_hash(base_hash);
  std::unordered_map<Key, int> in_base;
  in_base.reserve(static_cast<std::size_t>(base.packages_size()));
  for (const auto& p : base.packages()) ++in_base[DeterministicBytes(p)];
  for (const auto& p : current.packages()) {
    auto it = in_base.find(DeterministicBytes(p));
    if (it != in_base.end() && it->second > 0) {
      --it->second;
    } else {
      *delta.add_added() = p;
    }
  }
  for (const auto& p : base.packages()) {
    auto it = in_base.find(DeterministicBytes(p));
    if (it != in_base.end() && it->second > 0) {
      --it->second;
      *delta.add_removed() = p;
    }
  }
  for (int s : current.sources_present()) {
    delta.add_sources_present(static_cast<v1::PackageSource>(s));
  }
  return delta;
}

std::expected<v1::SoftwareInventory, Error> ApplySoftwareDelta(
    const v1::SoftwareInventory& base, const v1::SoftwareDelta& delta) {
  std::unordered_map<Key, int> removed;
  for (const auto& p : delta.removed()) ++removed[DeterministicBytes(p)];
  v1::SoftwareInventory out;
  out.mutable_packages()->Reserve(base.packages_size() + delta.added_size());
  for (const auto& p : base.packages()) {
    auto it = removed.find(DeterministicBytes(p));
    if (it != removed.end() && it->second > 0) {
      --it->second;
      continue;
    }
    *out.add_packages() = p;
  }
  for (const auto& [key, left] : removed) {
    if (left > 0) {
      return Fail(ErrorCode::kInvalidArgument,
                  "delta removes a package that is not in the base");
    }
  }
  for (const auto& p : delta.added()) *out.add_packages() = p;
  for (int s : delta.sources_present()) {
    out.add_sources_present(static_cast<v1::PackageSource>(s));
  }
  CanonicalizeSoftware(out);
  return out;
}

}  // namespace surveyor::common
