// Secrets read from files (passwords never come from argv or logs): the
// first line, without its line ending.
//
// Errors: kIo when the file cannot be read; kInvalidArgument when it is
// empty or, with `private_only`, readable by other users (OthersCanRead in
// common/private_path.h: group or others; on Windows, Everyone or Users).
// Messages name the file and `what` it was meant to hold.
#pragma once

#include <expected>
#include <string>

#include "common/error.h"

namespace surveyor::common {

std::expected<std::string, Error> ReadSecretLine(const std::string& path,
                                                 const std::string& what,
                                                 bool private_only);

}  // namespace surveyor::common
