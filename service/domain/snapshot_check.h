// What a snapshot must satisfy before anything of it is stored, beyond
// parsing as a protobuf: a sequence the store can hold, at most one section
// per collector, collector names that are names and match their payload,
// bounded counts and lengths, and times a calendar can hold. Pure (no I/O);
// the message names the offending field, e.g. "sections[2].collector
// 'protection' carries a software payload". Limits are per snapshot, i.e.
// per host and check-in.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "surveyor/v1/snapshot.pb.h"

namespace surveyor::service {

struct SnapshotLimits {
  std::size_t max_sections = 32;
  std::size_t max_packages = 100'000;  // Full or delta, per section.
  std::size_t max_name_bytes = 512;    // Package names, products, jobs.
  std::size_t max_version_bytes = 256;
  std::size_t max_hostname_bytes = 255;
  std::size_t max_machine_id_bytes = 128;
};

// Empty when the snapshot may be ingested; otherwise why not.
std::optional<std::string> CheckSnapshot(const v1::Snapshot& snapshot,
                                         const SnapshotLimits& limits = {});

}  // namespace surveyor::service
