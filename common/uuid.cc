#include "common/uuid.h"

#include "common/hash.h"

namespace surveyor::common {
std::string UuidV5(std::string_view namespace_uuid, std::string_view name) {
  std::string input;
  if (namespace_uuid.size() != 36) return {};
  for (std::size_t i = 0; i < namespace_uuid.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (namespace_uuid[i] != '-') return {};
      continue;
    }
    const int hi = HexDigitValue(namespace_uuid[i]);
    const int lo = HexDigitValue(namespace_uuid[++i]);
    if (hi < 0 || lo < 0) return {};
    input.push_back(static_cast<char>(hi << 4 | lo));
  }
  input.append(name);
  std::string digest = Sha1(input);
  digest[6] = static_cast<char>((digest[6] & 0x0f) | 0x50);
  digest[8] = static_cast<char>((digest[8] & 0x3f) | 0x80);
  const std::string hex = HexEncode(std::string_view(digest).substr(0, 16));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) +
         "-" + hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

}  // namespace surveyor::common
