// libFuzzer target: the registry export (.reg) parser must never crash, hang
// or read out of bounds; what it returns must keep its own invariants.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "collectors/registry_export.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto keys = surveyor::collectors::ParseRegistryExport(bytes);
  if (!keys) {
    if (keys.error().line == 0 || keys.error().reason.empty()) std::abort();
    return 0;
  }
  using Type = surveyor::collectors::RegistryValue::Type;
  for (const auto& k : *keys) {
    if (k.path.find('\n') != std::string_view::npos) std::abort();
    for (const auto& v : k.values) {
      if (v.type == Type::kDword && v.number > 0xFFFFFFFFu) std::abort();
      if (k.Find(v.name) == nullptr) std::abort();
    }
  }
  (void)surveyor::collectors::Utf16LeToUtf8(bytes);
  return 0;
}
