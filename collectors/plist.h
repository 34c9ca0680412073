// A small parser for XML property lists (plist(5)), as macOS tools print them
// (`tmutil destinationinfo -X`, Info.plist files). Produces a Boost.JSON value:
// dict -> object, array -> array, string/date/data -> string, integer -> int64,
// real -> double, true/false -> bool. Pure; rejects malformed input with a
// ParseError naming the byte offset. Binary plists are not supported.
#pragma once

#include <boost/json/value.hpp>
#include <expected>
#include <string_view>

#include "collectors/parse_error.h"

namespace surveyor::collectors {

std::expected<boost::json::value, ParseError> ParseXmlPlist(
    std::string_view xml);

}  // namespace surveyor::collectors
