// Writing a small file so that a reader sees the old content or the new one,
// never a half-written file: write a temporary beside it, fsync, rename over.
// For state files, keys, and the files scripts wait on (the server's
// --port-file).
//
// Errors: kIo naming the path and the system's reason; the temporary is
// removed and the old file is left as it was.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "common/error.h"

namespace surveyor::common {

std::expected<void, Error> WriteFileAtomic(const std::string& path,
                                           std::string_view data, int mode);

}  // namespace surveyor::common
