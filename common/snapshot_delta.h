// The canonical form of a snapshot section and the software delta protocol,
// shared by the agent (which computes deltas) and the server (which applies
// and verifies them).
//
// A software inventory is canonical when its packages are sorted by (source,
// name, architecture, version, serialized bytes). Section hashes are SHA-256
// over the deterministic serialization of the payload, except for software:
// its hash is built from an order-independent MultisetDigest of the packages'
// deterministic bytes plus the sorted sources, so the server can check a
// delta against the digest it keeps without the base inventory itself.
// Stateless; thread-safe.
#pragma once

#include <google/protobuf/message.h>

#include <expected>
#include <string>

#include "common/error.h"
#include "common/multiset_digest.h"
#include "surveyor/v1/snapshot.pb.h"

namespace surveyor::common {

// Short lowercase name of a package source: "dpkg", "rpm", "flatpak",
// "snap"; "unknown" for anything else.
std::string_view PackageSourceName(int source);

// Deterministic serialization of any message.
std::string DeterministicBytes(const google::protobuf::Message& msg);

// SHA-256 of DeterministicBytes(msg).
std::string PayloadHash(const google::protobuf::Message& msg);

// The multiset digest of the inventory's packages.
MultisetDigest SoftwarePackagesDigest(const v1::SoftwareInventory& inventory);

// `digest` after removing delta.removed and adding delta.added.
void ApplySoftwareDeltaToDigest(const v1::SoftwareDelta& delta,
                                MultisetDigest& digest);

// The content hash of a software payload whose packages have `digest` and
// whose sources present are `sources` (any order, duplicates ignored).
std::string SoftwareContentHash(
    const MultisetDigest& digest,
    const google::protobuf::RepeatedField<int>& sources);
std::string SoftwareContentHash(const v1::SoftwareInventory& inventory);

// The content hash of the section's payload: SoftwareContentHash for
// software, PayloadHash for the others, SHA-256 of "" without a payload.
std::string SectionPayloadHash(const v1::Section& section);

// Sorts the packages into canonical order.
void CanonicalizeSoftware(v1::SoftwareInventory& inventory);

// Changes from `base` to `current` (both canonical).
v1::SoftwareDelta ComputeSoftwareDelta(const v1::SoftwareInventory& base,
                                       const std::string& base_hash,
                                       const v1::SoftwareInventory& current);

// `base` with `delta` applied, canonical. kInvalidArgument when a removed
// package is not in the base or an added one is already there.
std::expected<v1::SoftwareInventory, Error> ApplySoftwareDelta(
    const v1::SoftwareInventory& base, const v1::SoftwareDelta& delta);

}  // namespace surveyor::common
