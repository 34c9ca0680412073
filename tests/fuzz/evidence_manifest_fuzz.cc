// libFuzzer target: the MANIFEST.sha256 parser reads bundles from anyone
// (evidence verify). It must never crash or hang; whatever it accepts must
// survive a round trip through ManifestText unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "service/evidence/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = surveyor::evidence::ParseManifest(text);
  if (!parsed) return 0;
  auto again = surveyor::evidence::ParseManifest(
      surveyor::evidence::ManifestText(*parsed));
  if (!again || again->size() != parsed->size()) std::abort();
  return 0;
}
