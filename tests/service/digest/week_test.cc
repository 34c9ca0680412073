#include "service/digest/week.h"

#include <gtest/gtest.h>

namespace surveyor::digest {
namespace {

TEST(IsoWeek, ParsesAndPrints) {
  auto w = ParseIsoWeek("2026-W47");
  ASSERT_TRUE(w.has_value()) << w.error().message;
  EXPECT_EQ(w->year, 2026);
  EXPECT_EQ(w->week, 47u);
  EXPECT_EQ(FormatIsoWeek(*w), "2026-W47");
  EXPECT_EQ(FormatIsoWeek(*ParseIsoWeek("2026W07")), "2026-W07");
  // 2026 begins on a Thursday: it has a week 53; 2025 does not.
  EXPECT_TRUE(ParseIsoWeek("2026-W53").has_value());
  auto bad = ParseIsoWeek("2025-W53");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("52 ISO weeks"), std::string::npos);
  for (const char* s : {"", "2026", "2026-47", "2026-W", "2026-W4", "2026-W470",
                        "2026-W00", "x026-W01", "2026-W4\n"}) {
    EXPECT_FALSE(ParseIsoWeek(s).has_value()) << s;
  }
}

TEST(IsoWeek, StepsAcrossYears) {
  EXPECT_EQ(FormatIsoWeek(PreviousWeek({2027, 1})), "2026-W53");
  EXPECT_EQ(FormatIsoWeek(NextWeek({2026, 53})), "2027-W01");
  EXPECT_EQ(FormatIsoWeek(NextWeek({2025, 52})), "2026-W01");
}

TEST(IsoWeek, WindowInUtcStartsMondayMidnight) {
  auto w = Window({2026, 47}, "");
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->start, 1794787200);  // 2026-11-16T00:00:00Z, a Monday
  EXPECT_EQ(w->end - w->start, 7 * 86400);
  EXPECT_EQ(*LocalDate(w->start, "UTC"), "2026-11-16");
  EXPECT_EQ(FormatIsoWeek(*WeekOf(w->start, "UTC")), "2026-W47");
  EXPECT_EQ(FormatIsoWeek(*WeekOf(w->start - 1, "UTC")), "2026-W46");
  // 2021-01-01 (a Friday) is in 2020's week 53.
  EXPECT_EQ(FormatIsoWeek(*WeekOf(1609459200, "UTC")), "2020-W53");
}

TEST(IsoWeek, WindowsFollowTheZonesDaylightSavingChanges) {
  // Europe/Berlin: summer time begins Sunday 2026-03-29 (week 13 is an
  // hour short) and ends Sunday 2026-10-25 (week 43 an hour long).
  auto spring = Window({2026, 13}, "Europe/Berlin");
  ASSERT_TRUE(spring.has_value());
  EXPECT_EQ(spring->start, 1774220400);  // 2026-03-23T00:00+01:00
  EXPECT_EQ(spring->end - spring->start, 7 * 86400 - 3600);
  auto autumn = Window({2026, 43}, "Europe/Berlin");
  EXPECT_EQ(autumn->end - autumn->start, 7 * 86400 + 3600);
  // Asia/Tehran moved to summer time at 00:00 on Monday 2021-03-22: week
  // 2021-W12 begins at a midnight that did not exist, so it begins at the
  // change (00:00 +03:30 = 01:00 +04:30), where week 11 ends.
  auto w = Window({2021, 12}, "Asia/Tehran");
  auto before = Window({2021, 11}, "Asia/Tehran");
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->start, 1616358600);
  EXPECT_EQ(before->end, w->start);
  EXPECT_EQ(w->end - w->start, 7 * 86400 - 3600);
  // An instant and its week agree in the zone.
  EXPECT_EQ(FormatIsoWeek(*WeekOf(spring->start, "Europe/Berlin")), "2026-W13");
  EXPECT_EQ(FormatIsoWeek(*WeekOf(spring->start - 1, "Europe/Berlin")),
            "2026-W12");
}

TEST(IsoWeek, DigestsAreDueAtTheLocalHourOfTheFollowingWeek) {
  // Week 2026-W43 ends as Berlin leaves summer time: its digest (Monday
  // 08:00) is due at 08:00 CET = 07:00 UTC on 2026-10-26.
  EXPECT_EQ(*DueAt({2026, 43}, 1, 8, "Europe/Berlin"), 1792998000);
  // Friday 17:00 in New York (EST in November).
  EXPECT_EQ(*DueAt({2026, 46}, 5, 17, "America/New_York"),
            1795212000);  // 2026-11-20T22:00Z
  // Just before Monday 08:00 Berlin the week before last is the latest due.
  const std::int64_t due = *DueAt({2026, 46}, 1, 8, "Europe/Berlin");
  EXPECT_EQ(FormatIsoWeek(*LatestDueWeek(due - 1, 1, 8, "Europe/Berlin")),
            "2026-W45");
  EXPECT_EQ(FormatIsoWeek(*LatestDueWeek(due, 1, 8, "Europe/Berlin")),
            "2026-W46");
}

TEST(IsoWeek, UnknownZoneIsAnError) {
  auto w = Window({2026, 47}, "Mars/Olympus_Mons");
  ASSERT_FALSE(w.has_value());
  EXPECT_NE(w.error().message.find("unknown time zone 'Mars/Olympus_Mons'"),
            std::string::npos);
  EXPECT_FALSE(CheckTimeZone("Europe/Berlin\x1b[31m").has_value());
  EXPECT_TRUE(CheckTimeZone("Pacific/Auckland").has_value());
}

}  // namespace
}  // namespace surveyor::digest
