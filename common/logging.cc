#include "common/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace surveyor::common {

void InitLogging(bool verbose) {
  spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
}

std::shared_ptr<spdlog::logger> Logger(const std::string& area) {
  if (auto existing = spdlog::get(area)) return existing;
  auto logger = spdlog::stderr_color_mt(area);
  logger->set_level(spdlog::get_level());
  return logger;
}

}  // namespace surveyor::common
