// Timestamps: parsing tool outputs, RFC 3339 for the API. Pure; no time
// zone database access.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace surveyor::common {

// Seconds since the Unix epoch of a civil (proleptic Gregorian) date and time
// taken as UTC.
std::int64_t CivilToUnix(int year, unsigned month, unsigned day, unsigned hour,
                         unsigned minute, unsigned second);

// RFC 3339 / ISO 8601 with a zone: "2024-05-01T10:00:00Z",
// "2024-05-01T10:00:00.123456789+02:00". Seconds since the epoch (fraction
// dropped); nullopt when malformed or without a zone.
std::optional<std::int64_t> ParseRfc3339(std::string_view s);

// ISO 8601 without a zone ("2024-05-01T10:00:00.000000", also with a space
// instead of 'T'): the civil time as if it were UTC. The caller applies the
// zone it knows the tool used.
std::optional<std::int64_t> ParseIsoCivil(std::string_view s);

// "2026-12-05T14:00:00Z" (UTC, whole seconds); "" outside years 0..9999.
std::string FormatRfc3339(std::int64_t seconds);

// Applies the agent machine's local zone to a civil time from ParseIsoCivil.
std::int64_t LocalCivilToUnix(std::int64_t civil_as_utc);

}  // namespace surveyor::common
