#include "common/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <cstdio>
#include <mutex>

namespace surveyor::common {

void InitLogging(bool verbose) {
  spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
}

std::shared_ptr<spdlog::logger> Logger(const std::string& area) {
  // spdlog's registry throws when two threads create the same name at once.
  static std::mutex mu;
  std::lock_guard lock(mu);
  if (auto existing = spdlog::get(area)) return existing;
  auto logger = spdlog::stderr_color_mt(area);
  logger->set_level(spdlog::get_level());
  return logger;
}

}  // namespace surveyor::common
