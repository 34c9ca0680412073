// libFuzzer target: the dpkg status parser must never crash, hang or read out
// of bounds, and every entry it returns must lie inside the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "collectors/software/dpkg_status.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto status = surveyor::collectors::software::ParseDpkgStatus(text);
  auto inside = [&](std::string_view v) {
    return v.empty() || (v.data() >= text.data() &&
                         v.data() + v.size() <= text.data() + text.size());
  };
  for (const auto& e : status.entries) {
    if (!inside(e.package) || !inside(e.version) || !inside(e.architecture) ||
        e.package.empty()) {
      std::abort();
    }
  }
  return 0;
}
