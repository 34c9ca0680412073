#include "collectors/software/flatpak_meta.h"

#include <gtest/gtest.h>

#include "tests/fixture.h"

namespace surveyor::collectors::software {
namespace {

using surveyor::testing::ReadFixture;

constexpr char kFirefox[] =
    "roots/debian-desktop/var/lib/flatpak/app/org.mozilla.firefox/x86_64/"
    "stable/active/";

TEST(FlatpakMetaTest, DeployOriginFromGVariant) {
  std::string deploy = ReadFixture(std::string(kFirefox) + "deploy");
  ASSERT_FALSE(deploy.empty());
  auto origin = ParseFlatpakDeployOrigin(deploy);
  ASSERT_TRUE(origin) << origin.error().reason;
  EXPECT_EQ(*origin, "flathub");
}

TEST(FlatpakMetaTest, DeployOriginRejectsGarbage) {
  EXPECT_FALSE(ParseFlatpakDeployOrigin("no terminator"));
  auto bad = ParseFlatpakDeployOrigin(std::string("fl\x01hub\0", 8));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().offset, 2u);
}

TEST(FlatpakMetaTest, MetainfoNewestRelease) {
  std::string xml =
      ReadFixture(std::string(kFirefox) +
                  "files/share/metainfo/org.mozilla.firefox.metainfo.xml");
  EXPECT_EQ(ParseMetainfoVersion(xml), "133.0");
}

TEST(FlatpakMetaTest, MetainfoEdgeCases) {
  struct Case {
    std::string xml, version;
  } cases[] = {
      {"<releases><release date='2024' version='1.2'/></releases>", "1.2"},
      {"<releases>\n  <release\n    version=\"2.0&amp;b\"\n  >x</release>",
       "2.0&b"},
      {"<releases></releases>", ""},
      {"<release-notes version=\"9\"/><release version=\"3\"/>", "3"},
      {"<release urgency=\"high\" timestamp=\"1\" subversion=\"x\"/>", ""},
      {"<release version=\"unterminated", ""},
      {"", ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ParseMetainfoVersion(c.xml), c.version) << c.xml;
  }
}

}  // namespace
}  // namespace surveyor::collectors::software
