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

std::string Printable(std::string_view text, std::size_t max) {
  std::string out;
  for (unsigned char c : text.substr(0, max)) {
    if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > max) out += "...";
  return out;
}

}  // namespace surveyor::common
