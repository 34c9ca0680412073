// JSON helpers the SaaS parsers share: vendors send counts as numbers in
// one API version and as strings in another, and envelopes of their own.
// Pure and non-throwing.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <expected>
#include <optional>
#include <string_view>

#include "collectors/json_util.h"  // JsonFlag, JsonObject, JsonArray
#include "collectors/parse_error.h"

namespace surveyor::collectors::saas {

// A non-negative count from a JSON number (integral) or a string of
// digits ("25"); nullopt for anything else, absent, negative or above
// 2^32-1.
std::optional<std::uint32_t> JsonCount(const boost::json::value* v);

// Seconds since the epoch from an RFC 3339 string; nullopt when absent,
// malformed, or one of the vendors' "never" values (Graph's
// 0001-01-01T00:00:00Z, Google's 1970-01-01T00:00:00.000Z).
std::optional<std::int64_t> JsonTime(const boost::json::value* v);

// The document's top-level object / array, or a ParseError naming `what`.
std::expected<const boost::json::object*, ParseError> JsonTopObject(
    const boost::json::value& doc, std::string_view what);
std::expected<const boost::json::array*, ParseError> JsonTopArray(
    const boost::json::value& doc, std::string_view what);

}  // namespace surveyor::collectors::saas
