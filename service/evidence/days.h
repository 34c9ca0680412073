// Evidence days: UTC calendar days numbered from 1970-01-01 (day 0), how
// they are written ("2026-03-01") and sampled. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace surveyor::evidence {

inline constexpr std::int64_t kDay = 86400;

// The day holding instant `t` (seconds since the epoch).
inline std::int64_t DayOf(std::int64_t t) {
  return t >= 0 ? t / kDay : (t - kDay + 1) / kDay;
}
// The first and last second of `day`.
inline std::int64_t DayStart(std::int64_t day) { return day * kDay; }
inline std::int64_t DayEnd(std::int64_t day) { return day * kDay + kDay - 1; }

// "YYYY-MM-DD" exactly, a real date from 1970 to 9999; nullopt otherwise.
std::optional<std::int64_t> ParseDay(std::string_view text);
// "YYYY-MM-DD".
std::string FormatDay(std::int64_t day);
// An instant in RFC 3339 UTC ("2026-03-01T10:00:00Z"); "" for 0 (not set).
std::string FormatInstant(std::int64_t t);

// `count` days spread evenly over [from, to] (the middle of each of `count`
// equal stretches), ascending; every day when the period has no more than
// `count`. The same period always gives the same days.
std::vector<std::int64_t> SampleDays(std::int64_t from, std::int64_t to,
                                     std::int64_t count);

// "2026-03-01,2026-03-15": the days, ascending and without repeats; an
// error message naming the first bad entry.
std::optional<std::string> ParseDayList(std::string_view text,
                                        std::vector<std::int64_t>& out);

}  // namespace surveyor::evidence
