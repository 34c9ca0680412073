#include "service/evidence/manifest.h"

#include <algorithm>
#include <set>

#include "common/printable.h"

namespace surveyor::evidence {

using common::ErrorCode;
using common::Fail;

std::string ManifestText(
    std::vector<std::pair<std::string, std::string>> files) {
  std::sort(files.begin(), files.end());
  std::string out;
  for (const auto& [path, hex] : files) {
    out += "SHA256 (" + path + ") = " + hex + "\n";
  }
  return out;
}

std::expected<std::vector<std::pair<std::string, std::string>>, common::Error>
ParseManifest(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::set<std::string> seen;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    ++line_no;
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      return Fail(ErrorCode::kParse, "MANIFEST.sha256 line " +
                                         std::to_string(line_no) +
                                         ": no newline at the end");
    }
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    auto bad = [&](const char* what) {
      return Fail(ErrorCode::kParse, "MANIFEST.sha256 line " +
                                         std::to_string(line_no) + ": " + what +
                                         ": " + common::Printable(line, 120));
    };
    constexpr std::string_view kHead = "SHA256 (";
    constexpr std::string_view kMid = ") = ";
    if (!line.starts_with(kHead) ||
        line.size() < kHead.size() + kMid.size() + 64) {
      return bad("not 'SHA256 (path) = digest'");
    }
    std::string_view hex = line.substr(line.size() - 64);
    std::string_view rest = line.substr(0, line.size() - 64);
    if (!rest.ends_with(kMid)) return bad("not 'SHA256 (path) = digest'");
    std::string_view path =
        rest.substr(kHead.size(), rest.size() - kHead.size() - kMid.size());
    if (path.empty() || path.find('\\') != std::string_view::npos ||
        path.find('\0') != std::string_view::npos) {
      return bad("bad path");
    }
    for (char c : hex) {
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return bad("digest is not 64 lowercase hex digits");
      }
    }
    if (!seen.insert(std::string(path)).second) return bad("path listed twice");
    out.emplace_back(std::string(path), std::string(hex));
  }
  return out;
}

}  // namespace surveyor::evidence
