#include "collectors/host/proc_info.h"

#include "collectors/text_util.h"

namespace surveyor::collectors::host {

CpuInfo ParseCpuInfo(std::string_view text) {
  CpuInfo info;
  std::string fallback_model;
  ForEachLine(text, [&](std::string_view line, std::size_t) {
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return;
    std::string_view key = Trim(line.substr(0, colon));
    std::string_view value = Trim(line.substr(colon + 1));
    if (key == "processor") {
      ++info.count;
    } else if (key == "model name" && info.model.empty()) {
      info.model = std::string(value);
    } else if ((key == "Model" || key == "cpu model" || key == "cpu") &&
               fallback_model.empty()) {
      fallback_model = std::string(value);  // arm64, mips, powerpc.
    }
  });
  if (info.model.empty()) info.model = std::move(fallback_model);
  return info;
}

std::uint64_t ParseMemTotal(std::string_view text) {
  std::uint64_t bytes = 0;
  ForEachLine(text, [&](std::string_view line, std::size_t) {
    if (!line.starts_with("MemTotal:")) return;
    std::string_view rest = Trim(line.substr(9));
    auto space = rest.find(' ');
    auto value = ParseUint(rest.substr(0, space));
    if (!value) return;
    std::string_view unit =
        space == std::string_view::npos ? "" : Trim(rest.substr(space));
    bytes = unit == "kB" ? *value * 1024 : *value;
  });
  return bytes;
}

}  // namespace surveyor::collectors::host
