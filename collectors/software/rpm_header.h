// Parser for one RPM header blob as rpm (>= 4.16) stores it in the Packages
// table of rpmdb.sqlite: big-endian index count and data length, the index
// entries (tag, type, offset, count), then the data store. Pure: every offset
// and count is checked against the blob before it is used, so hostile bytes
// yield a ParseError naming the offset, never a crash.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "collectors/parse_error.h"

namespace surveyor::collectors::software {

// Tags we read (rpmtag.h numbering).
enum RpmTag : std::uint32_t {
  kRpmTagName = 1000,
  kRpmTagVersion = 1001,
  kRpmTagRelease = 1002,
  kRpmTagEpoch = 1003,
  kRpmTagInstallTime = 1008,
  kRpmTagSize = 1009,
  kRpmTagVendor = 1011,
  kRpmTagArch = 1022,
  kRpmTagSourceRpm = 1044,
  kRpmTagLongSize = 5009,
};

struct RpmHeader {
  std::string name;
  std::optional<std::uint32_t> epoch;
  std::string version;
  std::string release;
  std::string arch;  // Empty for gpg-pubkey pseudo-packages.
  std::string vendor;
  std::string source_rpm;
  std::int64_t install_time = 0;
  std::uint64_t size = 0;

  // "[epoch:]version-release", the way rpm prints an EVR.
  std::string Evr() const;
};

std::expected<RpmHeader, ParseError> ParseRpmHeader(std::string_view blob);

}  // namespace surveyor::collectors::software
