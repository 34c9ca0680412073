// Runs a set of collectors and assembles their sections into a Snapshot,
// stamping each section with its timing and content hash.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "collectors/collector.h"
#include "surveyor/v1/snapshot.pb.h"

namespace surveyor::collectors {

// SHA-256 of the deterministic serialization of the section's payload.
std::string SectionContentHash(const v1::Section& section);

// Runs each collector in order and returns the snapshot. Identity fields are
// copied from the host section when one ran.
v1::Snapshot BuildSnapshot(
    const std::vector<std::unique_ptr<Collector>>& collectors,
    const CollectContext& ctx);

}  // namespace surveyor::collectors
