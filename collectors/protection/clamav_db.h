// Parser for the 512-byte header of ClamAV signature databases (.cvd and
// .cld files in /var/lib/clamav): "ClamAV-VDB:<build time>:<version>:<sigs>:
// <functionality level>:<md5>:<dsig>:<builder>:<build time, epoch secs>",
// space padded. The last field is missing in old files. Pure.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "collectors/parse_error.h"

namespace surveyor::collectors::protection {

struct CvdHeader {
  std::string build_time_text;  // e.g. "23 Nov 2026 07-24 -0500".
  std::uint64_t version = 0;    // Database version, e.g. 27462.
  std::uint64_t signatures = 0;
  std::uint64_t functionality_level = 0;
  std::string builder;
  std::int64_t build_time = 0;  // Epoch seconds; 0 when the file lacks it.
};

std::expected<CvdHeader, ParseError> ParseCvdHeader(std::string_view bytes);

// The engine version from `clamscan --version`: "ClamAV 1.4.6/27462/Thu Nov
// 20 07:24:00 2026" or, without databases, "ClamAV 1.4.6". Empty when the
// text is not of that form.
std::string ParseClamscanVersion(std::string_view text);

}  // namespace surveyor::collectors::protection
