// libFuzzer target: the rpm header parser must never crash or read out of
// bounds on hostile blobs, and errors must point inside the blob.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "collectors/software/rpm_header.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view blob(reinterpret_cast<const char*>(data), size);
  auto header = surveyor::collectors::software::ParseRpmHeader(blob);
  if (!header && header.error().offset > size) std::abort();
  if (header && header->name.empty()) std::abort();
  return 0;
}
