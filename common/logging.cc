#include "common/logging.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <cstdio>
#include <mutex>

namespace surveyor::common {
namespace {

std::mutex g_mu;
spdlog::sink_ptr g_file;  // Set by LogToFile: every logger writes there.

}  // namespace

std::expected<void, Error> LogToFile(const std::string& path,
                                     std::size_t max_bytes) {
  std::lock_guard lock(g_mu);
  try {
    g_file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
        path, max_bytes, /*max_files=*/2);
  } catch (const spdlog::spdlog_ex& e) {
    return Fail(ErrorCode::kIo, path + ": " + e.what());
  }
  g_file->set_pattern("%Y-%m-%dT%H:%M:%S.%e %l [%n] %v");
  spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& l) {
    l->sinks() = {g_file};
    l->flush_on(spdlog::level::info);
  });
  return {};
}

void InitLogging(bool verbose) {
  spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
}

std::shared_ptr<spdlog::logger> Logger(const std::string& area) {
  // spdlog's registry throws when two threads create the same name at once.
  std::lock_guard lock(g_mu);
  if (auto existing = spdlog::get(area)) return existing;
  std::shared_ptr<spdlog::logger> logger;
  if (g_file) {
    logger = std::make_shared<spdlog::logger>(area, g_file);
    logger->flush_on(spdlog::level::info);
    spdlog::register_logger(logger);
  } else {
    logger = spdlog::stderr_color_mt(area);
  }
  logger->set_level(spdlog::get_level());
  return logger;
}

}  // namespace surveyor::common
