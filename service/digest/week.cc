#include "service/digest/week.h"

#include <date/date.h>
#include <date/tz.h>

#include <charconv>
#include <chrono>
#include <stdexcept>

#include "common/logging.h"

namespace surveyor::digest {
namespace {

using common::ErrorCode;
using common::Fail;

std::expected<const date::time_zone*, common::Error> Zone(
    std::string_view zone) {
  if (zone.empty()) zone = "UTC";
  try {
    return date::locate_zone(zone);
  } catch (const std::exception&) {
    return Fail(ErrorCode::kInvalidArgument,
                "unknown time zone '" + common::Printable(zone) +
                    "' (an IANA name such as Europe/Berlin)");
  }
}

// The Monday of ISO week 1 of `year`, a local day.
date::local_days WeekOneMonday(int year) {
  date::local_days jan4{date::year{year} / date::January / 4};
  date::weekday wd{jan4};
  return jan4 - date::days{wd.iso_encoding() - 1};
}

IsoWeek WeekOfDay(date::local_days day) {
  date::weekday wd{day};
  date::local_days thursday =
      day - date::days{wd.iso_encoding() - 1} + date::days{3};
  date::year_month_day ymd{thursday};
  int year = static_cast<int>(ymd.year());
  date::local_days jan1{ymd.year() / date::January / 1};
  auto week = static_cast<unsigned>((thursday - jan1).count() / 7 + 1);
  return IsoWeek{year, week};
}

unsigned WeeksIn(int year) {
  return WeekOfDay(date::local_days{date::year{year} / date::December / 28})
      .week;
}

}  // namespace

std::expected<IsoWeek, common::Error> ParseIsoWeek(std::string_view text) {
  auto bad = [&] {
    return Fail(ErrorCode::kInvalidArgument,
                "week '" + common::Printable(text) +
                    "': expected an ISO week such as 2026-W47");
  };
  std::string_view rest = text;
  IsoWeek w;
  auto [p, ec] =
      std::from_chars(rest.data(), rest.data() + rest.size(), w.year);
  if (ec != std::errc() || p - rest.data() != 4) return bad();
  rest.remove_prefix(4);
  if (!rest.empty() && rest.front() == '-') rest.remove_prefix(1);
  if (rest.empty() || rest.front() != 'W') return bad();
  rest.remove_prefix(1);
  if (rest.size() != 2) return bad();
  auto [q, ec2] = std::from_chars(rest.data(), rest.data() + 2, w.week);
  if (ec2 != std::errc() || q != rest.data() + 2) return bad();
  if (w.week < 1 || w.week > WeeksIn(w.year)) {
    return Fail(ErrorCode::kInvalidArgument,
                "week '" + common::Printable(text) +
                    "': " + std::to_string(w.year) + " has " +
                    std::to_string(WeeksIn(w.year)) + " ISO weeks");
  }
  return w;
}

std::string FormatIsoWeek(IsoWeek week) {
  std::string n = std::to_string(week.week);
  return std::to_string(week.year) + "-W" + (n.size() < 2 ? "0" : "") + n;
}

IsoWeek PreviousWeek(IsoWeek week) {
  if (week.week > 1) return IsoWeek{week.year, week.week - 1};
  return IsoWeek{week.year - 1, WeeksIn(week.year - 1)};
}

IsoWeek NextWeek(IsoWeek week) {
  if (week.week < WeeksIn(week.year)) return IsoWeek{week.year, week.week + 1};
  return IsoWeek{week.year + 1, 1};
}

std::expected<void, common::Error> CheckTimeZone(std::string_view zone) {
  SURVEYOR_TRY(Zone(zone));
  return {};
}

std::expected<WeekWindow, common::Error> Window(IsoWeek week,
                                                std::string_view zone) {
  SURVEYOR_ASSIGN_OR_RETURN(const date::time_zone* tz, Zone(zone));
  date::local_days monday =
      WeekOneMonday(week.year) + date::days{7 * (week.week - 1)};
  // Local midnight may not exist on a DST day (some zones change at 00:00):
  // the week then begins at the change.
  auto start = tz->to_sys(date::local_seconds{monday}, date::choose::earliest);
  auto end = tz->to_sys(date::local_seconds{monday + date::days{7}},
                        date::choose::earliest);
  return WeekWindow{start.time_since_epoch().count(),
                    end.time_since_epoch().count()};
}

std::expected<std::int64_t, common::Error> DueAt(IsoWeek week, unsigned weekday,
                                                 unsigned hour,
                                                 std::string_view zone) {
  SURVEYOR_ASSIGN_OR_RETURN(const date::time_zone* tz, Zone(zone));
  IsoWeek next = NextWeek(week);
  date::local_seconds at{WeekOneMonday(next.year) +
                         date::days{7 * (next.week - 1) + weekday - 1}};
  at += std::chrono::hours{hour};
  return tz->to_sys(at, date::choose::earliest).time_since_epoch().count();
}

std::expected<IsoWeek, common::Error> LatestDueWeek(std::int64_t now,
                                                    unsigned weekday,
                                                    unsigned hour,
                                                    std::string_view zone) {
  SURVEYOR_ASSIGN_OR_RETURN(IsoWeek current, WeekOf(now, zone));
  IsoWeek last = PreviousWeek(current);
  SURVEYOR_ASSIGN_OR_RETURN(std::int64_t due, DueAt(last, weekday, hour, zone));
  return due <= now ? last : PreviousWeek(last);
}

std::expected<IsoWeek, common::Error> WeekOf(std::int64_t t,
                                             std::string_view zone) {
  SURVEYOR_ASSIGN_OR_RETURN(const date::time_zone* tz, Zone(zone));
  auto local = tz->to_local(date::sys_seconds{std::chrono::seconds{t}});
  return WeekOfDay(date::floor<date::days>(local));
}

std::expected<std::string, common::Error> LocalDate(std::int64_t t,
                                                    std::string_view zone) {
  SURVEYOR_ASSIGN_OR_RETURN(const date::time_zone* tz, Zone(zone));
  auto local = tz->to_local(date::sys_seconds{std::chrono::seconds{t}});
  return date::format("%F", date::floor<date::days>(local));
}

}  // namespace surveyor::digest
