#include "common/pem.h"

#include "common/random.h"

namespace surveyor::common {
namespace {

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Strict: padded to a multiple of four, '=' only at the end, no stray bits.
std::expected<std::string, Error> DecodeBase64(std::string_view text) {
  std::string clean;
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') clean += c;
  }
  const auto bad = [] {
    return Fail(ErrorCode::kParse, "PEM: malformed base64");
  };
  if (clean.size() % 4 != 0) return bad();
  std::string out;
  for (std::size_t i = 0; i < clean.size(); i += 4) {
    const bool last = i + 4 == clean.size();
    const int pad = last ? (clean[i + 3] == '=') + (clean[i + 2] == '=') : 0;
    if (clean[i + 2] == '=' && clean[i + 3] != '=') return bad();
    unsigned v = 0;
    for (int j = 0; j < 4 - pad; ++j) {
      const int d = Base64Value(clean[i + static_cast<std::size_t>(j)]);
      if (d < 0) return bad();
      v |= static_cast<unsigned>(d) << (18 - 6 * j);
    }
    if ((pad == 1 && (v & 0xff)) || (pad == 2 && (v & 0xffff))) return bad();
    out += static_cast<char>(v >> 16);
    if (pad < 2) out += static_cast<char>((v >> 8) & 0xff);
    if (pad < 1) out += static_cast<char>(v & 0xff);
  }
  return out;
}

}  // namespace

std::string PemEncode(std::string_view label, std::string_view der) {
  const std::string body = Base64(der);
  std::string out = "-----BEGIN " + std::string(label) + "-----\n";
  for (std::size_t i = 0; i < body.size(); i += 64) {
    out += body.substr(i, 64) + "\n";
  }
  return out + "-----END " + std::string(label) + "-----\n";
}

std::expected<std::string, Error> PemDecode(std::string_view label,
                                            std::string_view pem) {
  const std::string begin = "-----BEGIN " + std::string(label) + "-----";
  const std::string end = "-----END " + std::string(label) + "-----";
  const auto from = pem.find(begin);
  if (from == std::string_view::npos) {
    return Fail(ErrorCode::kParse, "PEM: no " + std::string(label) + " block");
  }
  const auto body = from + begin.size();
  const auto to = pem.find(end, body);
  if (to == std::string_view::npos) {
    return Fail(ErrorCode::kParse,
                "PEM: " + std::string(label) + " block has no end line");
  }
  return DecodeBase64(pem.substr(body, to - body));
}

}  // namespace surveyor::common
