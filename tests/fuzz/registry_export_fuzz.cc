// libFuzzer target: the registry export (.reg) parser must never crash, hang
// or read out of bounds; what it returns must keep its own invariants. The
// keys' names also go through the app package identity parser, whose parts
// must keep Microsoft's rules.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "collectors/registry_export.h"
#include "collectors/software/windows_package_identity.h"

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
    const auto slash = k.path.rfind('\\');
    const std::string_view leaf =
        slash == std::string::npos ? std::string_view(k.path)
                                   : std::string_view(k.path).substr(slash + 1);
    if (auto id = surveyor::collectors::software::ParsePackageFullName(leaf)) {
      if (id->name.size() < 3 || id->name.size() > 50 ||
          id->publisher_id.size() != 13 || id->version.empty() ||
          id->name.size() + id->version.size() + id->architecture.size() +
                  id->resource_id.size() + id->publisher_id.size() + 4 !=
              leaf.size()) {
        std::abort();
      }
    }
    for (const auto& v : k.values) {
      if (v.type == Type::kDword && v.number > 0xFFFFFFFFu) std::abort();
      if (k.Find(v.name) == nullptr) std::abort();
    }
  }
  (void)surveyor::collectors::Utf16LeToUtf8(bytes);
  return 0;
}
