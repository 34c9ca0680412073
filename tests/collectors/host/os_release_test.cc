#include "collectors/host/os_release.h"

#include <gtest/gtest.h>

#include "tests/fixture.h"

namespace surveyor::collectors::host {
namespace {

using surveyor::testing::ReadFixture;

struct OsCase {
  std::string file, id, name, version_id, pretty, codename, id_like;
};

class OsReleaseFixtureTest : public ::testing::TestWithParam<OsCase> {};

TEST_P(OsReleaseFixtureTest, ParsesRealFiles) {
  const OsCase& c = GetParam();
  std::string text = ReadFixture("host/" + c.file);
  ASSERT_FALSE(text.empty()) << c.file;
  v1::OperatingSystem os = ParseOsRelease(text);
  EXPECT_EQ(os.id(), c.id);
  EXPECT_EQ(os.name(), c.name);
  EXPECT_EQ(os.version_id(), c.version_id);
  EXPECT_EQ(os.pretty_name(), c.pretty);
  EXPECT_EQ(os.version_codename(), c.codename);
  EXPECT_EQ(os.id_like(), c.id_like);
}

INSTANTIATE_TEST_SUITE_P(
    Distributions, OsReleaseFixtureTest,
    ::testing::Values(
        OsCase{"os-release.debian12", "debian", "Debian GNU/Linux", "12",
               "Debian GNU/Linux 12 (bookworm)", "bookworm", ""},
        OsCase{"os-release.fedora39", "fedora", "Fedora Linux", "39",
               "Fedora Linux 39 (Workstation Edition)", "", ""},
        OsCase{"os-release.rocky9", "rocky", "Rocky Linux", "9.3",
               "Rocky Linux 9.3 (Blue Onyx)", "", "rhel centos fedora"}));

TEST(OsReleaseTest, QuotingAndEscapes) {
  EXPECT_EQ(UnquoteOsReleaseValue("\"a \\\"b\\\" \\$c\""), "a \"b\" $c");
  EXPECT_EQ(UnquoteOsReleaseValue("'single $x'"), "single $x");
  EXPECT_EQ(UnquoteOsReleaseValue("plain"), "plain");
  EXPECT_EQ(UnquoteOsReleaseValue("\"unterminated"), "\"unterminated");
}

TEST(OsReleaseTest, MalformedLinesAreSkipped) {
  auto os = ParseOsRelease("garbage line\n# ID=comment\n=novalue\nID=x\n\0\n");
  EXPECT_EQ(os.id(), "x");
}

}  // namespace
}  // namespace surveyor::collectors::host
