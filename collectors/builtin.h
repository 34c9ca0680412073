// The list of collectors compiled into the agent, in the order they run.
#pragma once

#include <memory>
#include <vector>

#include "collectors/collector.h"

namespace surveyor::collectors {

std::vector<std::unique_ptr<Collector>> BuiltinCollectors();

// The "host" collector alone: the identity every snapshot and enrollment
// carries.
std::unique_ptr<Collector> HostCollector();

}  // namespace surveyor::collectors
