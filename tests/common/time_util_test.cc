#include "common/time_util.h"

#include <gtest/gtest.h>

namespace surveyor::common {
namespace {

TEST(TimeUtilTest, Rfc3339) {
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseRfc3339("2024-05-01T02:04:31.987654321+02:00"), 1714521871);
  EXPECT_EQ(ParseRfc3339("2024-05-01T00:04:31Z"), 1714521871);
  EXPECT_EQ(ParseRfc3339("2024-04-30T19:04:31-05:00"), 1714521871);
  EXPECT_EQ(ParseRfc3339("2000-02-29T12:00:00Z"), 951825600);
  for (const char* bad :
       {"", "2024-05-01", "2024-05-01T02:04:31", "2024-13-01T00:00:00Z",
        "2024-05-01T02:04:31+0200", "garbage"}) {
    EXPECT_FALSE(ParseRfc3339(bad)) << bad;
  }
}

TEST(TimeUtilTest, IsoCivil) {
  EXPECT_EQ(ParseIsoCivil("2026-11-23T12:27:57.000000"), 1795436877);
  EXPECT_EQ(ParseIsoCivil("2026-11-23 12:27:57"), 1795436877);
  EXPECT_FALSE(ParseIsoCivil("2026-11-23T12:27:57Z"));
}

TEST(TimeUtilTest, FormatRfc3339RoundTrips) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(1714521871), "2024-05-01T00:04:31Z");
  EXPECT_EQ(ParseRfc3339(FormatRfc3339(1796479200)), 1796479200);
  EXPECT_EQ(FormatRfc3339(-62167219200 - 86400 * 400), "");  // before 0000
  EXPECT_EQ(FormatRfc3339(253402300800), "");                // year 10000
}

}  // namespace
}  // namespace surveyor::common
