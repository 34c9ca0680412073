// Body compression for snapshots on the wire: zstd (the agent's choice) and
// gzip, with a hard limit on what decompression may produce so a
// decompression bomb costs nothing but the check. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

#include "common/error.h"

namespace surveyor::common {

enum class Encoding { kIdentity, kZstd, kGzip };

// From a Content-Encoding header value ("", "identity", "zstd", "gzip",
// case-insensitive); kUnsupported names anything else.
std::expected<Encoding, Error> ParseContentEncoding(std::string_view header);

// zstd at `level` (1..19).
std::expected<std::string, Error> ZstdCompress(std::string_view data,
                                               int level);

// Decodes `data`; kResourceExhausted as soon as the output would exceed
// `max_output` bytes, kParse for corrupt or truncated input.
std::expected<std::string, Error> Decompress(Encoding encoding,
                                             std::string_view data,
                                             std::size_t max_output);

}  // namespace surveyor::common
