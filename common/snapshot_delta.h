// The canonical form of a snapshot section and the software delta protocol,
// shared by the agent (which computes deltas) and the server (which applies
// and verifies them).
//
// A software inventory is canonical when its packages are sorted by (source,
// name, architecture, version, serialized bytes). Section hashes are SHA-256
// over the deterministic serialization of the canonical payload, so the
// agent and the server compute the same hash for the same inventory.
// Stateless; thread-safe.
#pragma once

#include <google/protobuf/message.h>

#include <expected>
#include <string>

#include "common/error.h"
#include "surveyor/v1/snapshot.pb.h"

namespace surveyor::common {

// Short lowercase name of a package source: "dpkg", "rpm", "flatpak",
// "snap"; "unknown" for anything else.
std::string_view PackageSourceName(int source);

// Deterministic serialization of any message.
std::string DeterministicBytes(const google::protobuf::Message& msg);

// SHA-256 of DeterministicBytes(msg).
std::string PayloadHash(const google::protobuf::Message& msg);

// SHA-256 of the section's payload (of the empty string without one).
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
