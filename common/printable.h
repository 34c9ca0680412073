// Showing outside text safely. Pure; no dependencies, so the fuzz targets
// build it too.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace surveyor::common {

// Text from outside (hostnames, arguments echoed in errors) with control
// characters shown as \xNN and cut after `max` bytes: safe for a terminal or
// a log line.
std::string Printable(std::string_view text, std::size_t max = 200);

}  // namespace surveyor::common
