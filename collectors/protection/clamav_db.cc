#include "collectors/protection/clamav_db.h"

#include <vector>

#include "collectors/text_util.h"

namespace surveyor::collectors::protection {

std::expected<CvdHeader, ParseError> ParseCvdHeader(std::string_view bytes) {
  constexpr std::size_t kHeader = 512;
  if (!bytes.starts_with("ClamAV-VDB:")) {
    return std::unexpected(
        ParseError{0, 0, "not a ClamAV database (no ClamAV-VDB header)"});
  }
  if (bytes.size() < kHeader) {
    return std::unexpected(ParseError{
        0, bytes.size(), "truncated ClamAV header (under 512 bytes)"});
  }
  std::string_view header = bytes.substr(0, kHeader);
  auto nul = header.find('\0');
  if (nul != std::string_view::npos) header = header.substr(0, nul);
  header = Trim(header);
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    auto colon = header.find(':', start);
    fields.push_back(header.substr(start, colon == std::string_view::npos
                                              ? std::string_view::npos
                                              : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (fields.size() < 8) {
    return std::unexpected(ParseError{0, 0,
                                      "ClamAV header has " +
                                          std::to_string(fields.size()) +
                                          " fields, expected at least 8"});
  }
  CvdHeader h;
  h.build_time_text = std::string(fields[1]);
  auto version = ParseUint(fields[2]);
  auto sigs = ParseUint(fields[3]);
  auto level = ParseUint(fields[4]);
  if (!version || !sigs || !level) {
    return std::unexpected(
        ParseError{0, 11,
                   "ClamAV header has a non-numeric version, signature "
                   "count or functionality level"});
  }
  h.version = *version;
  h.signatures = *sigs;
  h.functionality_level = *level;
  h.builder = std::string(fields[7]);
  if (fields.size() >= 9) {
    auto stime = ParseUint(Trim(fields[8]));
    if (!stime) {
      return std::unexpected(
          ParseError{0, 0, "ClamAV header has a non-numeric build time"});
    }
    h.build_time = static_cast<std::int64_t>(*stime);
  }
  return h;
}

std::string ParseClamscanVersion(std::string_view text) {
  text = Trim(text.substr(0, text.find('\n')));
  if (!text.starts_with("ClamAV ")) return {};
  text.remove_prefix(7);
  return std::string(text.substr(0, text.find('/')));
}

}  // namespace surveyor::collectors::protection
