// `surveyor-agent collect`: runs the collectors once against a root and
// prints or writes the snapshot as a table, canonical JSON or protobuf bytes.
#pragma once

#include <span>
#include <string_view>

namespace surveyor::agent {

// Returns the process exit code: 0 all collectors succeeded, 1 some collector
// recorded an error (output still written), 2 usage or output error.
int RunCollect(std::span<const std::string_view> args);

// The help text of `collect`.
std::string_view CollectUsage();

}  // namespace surveyor::agent
