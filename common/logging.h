// Logging setup: spdlog with named loggers per area, all writing to stderr.
// Call Init once at start-up (from main) before any logger is used; after
// that, Logger() is safe from any thread. Never log secrets.
#pragma once

#include <spdlog/spdlog.h>

#include <cstddef>
#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include "common/error.h"
#include "common/printable.h"  // Printable, for log lines

namespace surveyor::common {

// Sets the level ("warn" by default, "debug" when verbose) and the pattern of
// every logger, present and future.
void InitLogging(bool verbose);

// From now on every logger, present and future, writes to `path` instead
// of stderr (a service has no stderr): rotated at `max_bytes`, one older
// file kept (path.1), lines flushed from info up. kIo naming the path.
std::expected<void, Error> LogToFile(const std::string& path,
                                     std::size_t max_bytes = 1u << 20);

// The logger for an area ("collect", "software", ...), created on first use.
std::shared_ptr<spdlog::logger> Logger(const std::string& area);

}  // namespace surveyor::common
