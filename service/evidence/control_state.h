// A host's control-relevant state (proto/surveyor/v1/evidence.proto) from
// its latest sections. Pure.
#pragma once

#include <optional>

#include "surveyor/v1/evidence.pb.h"
#include "surveyor/v1/snapshot.pb.h"

namespace surveyor::evidence {

// The state the host's latest protection and backup sections show (either
// may be absent), and whether it has sent a software inventory. Sections
// that carry only a collector error keep nothing of it.
v1::ControlState ControlStateOf(const std::optional<v1::Section>& protection,
                                const std::optional<v1::Section>& backup,
                                bool software_reported);

}  // namespace surveyor::evidence
