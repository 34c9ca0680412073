#include "service/evidence/days.h"

#include <algorithm>

#include "common/time_util.h"

namespace surveyor::evidence {

std::optional<std::int64_t> ParseDay(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  auto num = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  auto y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (!y || !m || !d || *y < 1970 || *m < 1 || *m > 12 || *d < 1 || *d > 31) {
    return std::nullopt;
  }
  const std::int64_t t = common::CivilToUnix(
      *y, static_cast<unsigned>(*m), static_cast<unsigned>(*d), 0, 0, 0);
  const std::int64_t day = DayOf(t);
  if (FormatDay(day) != text) return std::nullopt;  // 2026-02-30 and the like
  return day;
}

std::string FormatDay(std::int64_t day) {
  return common::FormatRfc3339(DayStart(day)).substr(0, 10);
}

std::string FormatInstant(std::int64_t t) {
  return t > 0 ? common::FormatRfc3339(t) : "";
}

std::vector<std::int64_t> SampleDays(std::int64_t from, std::int64_t to,
                                     std::int64_t count) {
  std::vector<std::int64_t> out;
  if (to < from || count <= 0) return out;
  const std::int64_t n = to - from + 1;
  if (n <= count) {
    for (std::int64_t d = from; d <= to; ++d) out.push_back(d);
    return out;
  }
  for (std::int64_t i = 0; i < count; ++i) {
    out.push_back(from + (2 * i + 1) * n / (2 * count));
  }
  return out;
}

std::optional<std::string> ParseDayList(std::string_view text,
                                        std::vector<std::int64_t>& out) {
  out.clear();
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(pos, comma - pos);
    auto day = ParseDay(item);
    if (!day) {
      return "'" + std::string(item.substr(0, 40)) +
             "' is not a date (YYYY-MM-DD)";
    }
    out.push_back(*day);
    pos = comma + 1;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return std::nullopt;
}

}  // namespace surveyor::evidence
