// `surveyor-agent collect`: runs the collectors once against a root and
// prints or writes the snapshot as a table, canonical JSON or protobuf bytes.
// Exit status: 0 all collectors succeeded, 1 some collector recorded an error
// (output still written), 2 usage or output error.
#pragma once

#include "common/cli.h"

namespace surveyor::agent {

void AddCollectCommand(common::cli::Program& p);

}  // namespace surveyor::agent
