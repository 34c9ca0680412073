// Parsers for /proc/cpuinfo and /proc/meminfo. Pure: bytes in, values out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace surveyor::collectors::host {

struct CpuInfo {
  std::string model;        // First "model name" (x86) or "Model"/"cpu model".
  std::uint32_t count = 0;  // Number of "processor" entries.
};

CpuInfo ParseCpuInfo(std::string_view text);

// MemTotal in bytes; 0 when absent or malformed.
std::uint64_t ParseMemTotal(std::string_view text);

}  // namespace surveyor::collectors::host
