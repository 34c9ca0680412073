#include "collectors/plist.h"

#include <gtest/gtest.h>

#include "tests/fixture.h"

namespace surveyor::collectors {
namespace {

TEST(PlistTest, NestedDictArrayAndScalars) {
  auto v = ParseXmlPlist(
      testing::ReadFixture("backup/tmutil_destinationinfo.plist"));
  ASSERT_TRUE(v) << v.error().reason;
  const auto& dests = v->at("Destinations").as_array();
  ASSERT_EQ(dests.size(), 2u);
  EXPECT_EQ(dests[0].at("Kind").as_string(), "Network");
  EXPECT_EQ(dests[0].at("LastDestination").as_int64(), 1);
}

TEST(PlistTest, ScalarsAndEntities) {
  auto v = ParseXmlPlist(
      "<plist><dict><key>a&amp;b</key><true/><key>r</key><real>1.5</real>"
      "<key>e</key><string/><key>d</key><date>2024-05-01T00:00:00Z</date>"
      "</dict></plist>");
  ASSERT_TRUE(v) << v.error().reason;
  EXPECT_TRUE(v->at("a&b").as_bool());
  EXPECT_DOUBLE_EQ(v->at("r").as_double(), 1.5);
  EXPECT_EQ(v->at("e").as_string(), "");
}

TEST(PlistTest, MalformedInputsAreErrors) {
  for (const char* bad :
       {"", "<dict></dict>", "<plist><dict><key>a</key></dict></plist>",
        "<plist><dict><string>x</string></dict></plist>",
        "<plist><integer>12x</integer></plist>",
        "<plist><array><string>unterminated</array></plist>",
        "<plist><dict><key>a</key><true/></dict>"}) {
    EXPECT_FALSE(ParseXmlPlist(bad)) << bad;
  }
  std::string deep = "<plist>";
  for (int i = 0; i < 100; ++i) deep += "<array>";
  EXPECT_FALSE(ParseXmlPlist(deep));
}

}  // namespace
}  // namespace surveyor::collectors
