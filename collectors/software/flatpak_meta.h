// Parsers for the files of a Flatpak deployment. Pure: bytes in, values out.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"

namespace surveyor::collectors::software {

// The origin remote from a deployment's `deploy` file: a GVariant of type
// (ssasta{sv}) whose first member, the origin, is a NUL-terminated string at
// offset 0.
std::expected<std::string, ParseError> ParseFlatpakDeployOrigin(
    std::string_view bytes);

// The newest release version in an AppStream metainfo/appdata document: the
// version attribute of the first <release> element (AppStream lists releases
// newest first). Empty when there is none. Only well-formed attribute syntax is
// accepted; entities &amp; &lt; &gt; &quot; &apos; are decoded.
std::string ParseMetainfoVersion(std::string_view xml);

}  // namespace surveyor::collectors::software
