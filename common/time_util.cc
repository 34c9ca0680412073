#include "common/time_util.h"

#include <ctime>

namespace surveyor::common {
namespace {

std::string_view Trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  auto b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(kSpace) - b + 1);
}

std::optional<unsigned> Digits(std::string_view s, std::size_t pos,
                               std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  unsigned v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return v;
}

// Parses "YYYY-MM-DD[T ]hh:mm:ss[.frac]"; returns civil seconds and the
// position after the fraction.
std::optional<std::int64_t> ParseCivilPrefix(std::string_view s,
                                             std::size_t& end) {
  auto y = Digits(s, 0, 4), mo = Digits(s, 5, 2), d = Digits(s, 8, 2),
       h = Digits(s, 11, 2), mi = Digits(s, 14, 2), se = Digits(s, 17, 2);
  if (!y || !mo || !d || !h || !mi || !se || s[4] != '-' || s[7] != '-' ||
      (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' ||
      s[16] != ':') {
    return std::nullopt;
  }
  if (*mo < 1 || *mo > 12 || *d < 1 || *d > 31 || *h > 23 || *mi > 59 ||
      *se > 60) {
    return std::nullopt;
  }
  end = 19;
  if (end < s.size() && (s[end] == '.' || s[end] == ',')) {
    ++end;
    while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
  }
  return CivilToUnix(static_cast<int>(*y), *mo, *d, *h, *mi, *se);
}

}  // namespace

std::int64_t CivilToUnix(int year, unsigned month, unsigned day, unsigned hour,
                         unsigned minute, unsigned second) {
  // Days from civil (H. Hinnant's algorithm).
  year -= month <= 2;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy =
      (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = std::int64_t{era} * 146097 + doe - 719468;
  return days * 86400 + hour * 3600 + minute * 60 + second;
}

std::optional<std::int64_t> ParseRfc3339(std::string_view s) {
  s = Trim(s);
  std::size_t end = 0;
  auto civil = ParseCivilPrefix(s, end);
  if (!civil) return std::nullopt;
  std::string_view zone = s.substr(end);
  if (zone == "Z" || zone == "z") return civil;
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') ||
      zone[3] != ':') {
    return std::nullopt;
  }
  auto zh = Digits(zone, 1, 2), zm = Digits(zone, 4, 2);
  if (!zh || !zm) return std::nullopt;
  std::int64_t offset = *zh * 3600 + *zm * 60;
  return zone[0] == '+' ? *civil - offset : *civil + offset;
}

std::optional<std::int64_t> ParseIsoCivil(std::string_view s) {
  s = Trim(s);
  std::size_t end = 0;
  auto civil = ParseCivilPrefix(s, end);
  if (!civil || end != s.size()) return std::nullopt;
  return civil;
}

std::int64_t LocalCivilToUnix(std::int64_t civil_as_utc) {
  std::time_t t = static_cast<std::time_t>(civil_as_utc);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  tm.tm_isdst = -1;
  return static_cast<std::int64_t>(::mktime(&tm));
}

std::string FormatRfc3339(std::int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (::gmtime_r(&t, &tm) == nullptr || tm.tm_year + 1900 < 0 ||
      tm.tm_year + 1900 > 9999) {
    return "";
  }
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

}  // namespace surveyor::common
