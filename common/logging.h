// Logging setup: spdlog with named loggers per area, all writing to stderr.
// Call Init once at start-up (from main) before any logger is used; after
// that, Logger() is safe from any thread. Never log secrets.
#pragma once

#include <spdlog/spdlog.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "common/printable.h"  // Printable, for log lines

namespace surveyor::common {

// Sets the level ("warn" by default, "debug" when verbose) and the pattern of
// every logger, present and future.
void InitLogging(bool verbose);

// The logger for an area ("collect", "software", ...), created on first use.
std::shared_ptr<spdlog::logger> Logger(const std::string& area);

}  // namespace surveyor::common
