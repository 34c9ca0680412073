// ISO 8601 weeks in a time zone: "2026-W47" parsed and printed, and the
// instants where such a week begins and ends in a tenant's IANA time zone
// (Monday 00:00 local time to the next Monday 00:00, DST changes included).
// The zone rules come from the system's zoneinfo through Howard Hinnant's
// date/tz (GCC 12 has no std::chrono::tzdb). Pure apart from that database.
//
// Errors: kInvalidArgument for a malformed week or an unknown zone; the
// message quotes the input.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "common/error.h"

namespace surveyor::digest {

struct IsoWeek {
  int year = 0;
  unsigned week = 0;  // 1..52 or 53
  auto operator<=>(const IsoWeek&) const = default;
};

// "2026-W47" (also "2026W47"); the week must exist in that ISO year.
std::expected<IsoWeek, common::Error> ParseIsoWeek(std::string_view text);
std::string FormatIsoWeek(IsoWeek week);  // "2026-W07"
// The week before / after.
IsoWeek PreviousWeek(IsoWeek week);
IsoWeek NextWeek(IsoWeek week);

// [start, end) in seconds since the epoch.
struct WeekWindow {
  std::int64_t start = 0, end = 0;
};

// Fails for a zone the database does not know ("" means UTC).
std::expected<void, common::Error> CheckTimeZone(std::string_view zone);
std::expected<WeekWindow, common::Error> Window(IsoWeek week,
                                                std::string_view zone);
// The ISO week holding the instant `t` in `zone`.
std::expected<IsoWeek, common::Error> WeekOf(std::int64_t t,
                                             std::string_view zone);
// When the digest of `week` is due: the following week's ISO `weekday`
// (1 Monday .. 7) at local `hour` in `zone` (an hour skipped by a DST change
// becomes the change itself).
std::expected<std::int64_t, common::Error> DueAt(IsoWeek week, unsigned weekday,
                                                 unsigned hour,
                                                 std::string_view zone);
// The latest week whose digest is due at `now`.
std::expected<IsoWeek, common::Error> LatestDueWeek(std::int64_t now,
                                                    unsigned weekday,
                                                    unsigned hour,
                                                    std::string_view zone);

// "2026-11-16" for a local day start, as printed in the digest.
std::expected<std::string, common::Error> LocalDate(std::int64_t t,
                                                    std::string_view zone);

}  // namespace surveyor::digest
