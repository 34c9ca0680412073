// Renders a Snapshot as the human-readable table `surveyor-agent collect`
// prints by default: a host summary, one aligned row per package, a summary
// line with counts per source, then any section errors. Pure formatting.
#pragma once

#include <string>

#include "surveyor/v1/snapshot.pb.h"

namespace surveyor::agent {

std::string RenderTable(const v1::Snapshot& snapshot);

// "1,234 packages: 1,200 dpkg, 30 rpm, 4 snap" style summary of a section.
std::string SoftwareSummary(const v1::SoftwareInventory& inventory);

}  // namespace surveyor::agent
