#include "collectors/software/snap_meta.h"

#include <gtest/gtest.h>

#include "tests/fixture.h"

namespace surveyor::collectors::software {
namespace {

using surveyor::testing::ReadFixture;

TEST(SnapMetaTest, StateJsonBothSequenceForms) {
  auto snaps = ParseSnapState(
      ReadFixture("roots/debian-desktop/var/lib/snapd/state.json"));
  ASSERT_TRUE(snaps) << snaps.error().reason;
  ASSERT_EQ(snaps->size(), 4u);
  const auto& core = (*snaps)[0];
  EXPECT_EQ(core.name, "core22");
  EXPECT_EQ(core.type, "base");
  EXPECT_EQ(core.revision, "1621");
  EXPECT_EQ(core.snap_id, "amcUKQILKXHHTlmSa7NMdnXSx02dNeeT");
  const auto& firefox = (*snaps)[1];  // {"side-info": ...} form, disabled.
  EXPECT_EQ(firefox.name, "firefox");
  EXPECT_EQ(firefox.snap_id, "3wdHCAVyZEmYsCMFDE9qt92UV8rC8Wdk");
  EXPECT_FALSE(firefox.active);
  const auto& local = (*snaps)[2];
  EXPECT_EQ(local.revision, "x1");
  EXPECT_TRUE(local.snap_id.empty());
  const auto& zoom = (*snaps)[3];
  EXPECT_EQ(zoom.revision, "230");  // current, not the older sequence entry
  EXPECT_EQ(zoom.channel, "latest/stable");
}

TEST(SnapMetaTest, NumericRevisionAndEmptyState) {
  auto snaps = ParseSnapState(
      R"({"data":{"snaps":{"a":{"type":"app","current":12,"sequence":[{"revision":12,"snap-id":"id"}]}}}})");
  ASSERT_TRUE(snaps);
  ASSERT_EQ(snaps->size(), 1u);
  EXPECT_EQ((*snaps)[0].revision, "12");
  EXPECT_EQ((*snaps)[0].snap_id, "id");
  auto empty = ParseSnapState(R"({"data":{}})");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(SnapMetaTest, BadStateJson) {
  for (std::string_view bad :
       {"", "{", "[]", R"({"data":[]})", R"({"data":{"snaps":{"a":5}}})",
        R"({"data":{"snaps":7}})"}) {
    EXPECT_FALSE(ParseSnapState(bad)) << bad;
  }
}

TEST(SnapMetaTest, SnapYamlTopLevelOnly) {
  auto y = ParseSnapYaml(
      ReadFixture("roots/debian-desktop/snap/firefox/5134/meta/snap.yaml"));
  EXPECT_EQ(y.name, "firefox");
  EXPECT_EQ(y.version, "133.0-1");
  EXPECT_EQ(ParseSnapYaml("version: \"a\\\"b\" # c\n").version, "a\"b");
  EXPECT_EQ(ParseSnapYaml("version: 1.0 # comment\n").version, "1.0");
  EXPECT_EQ(ParseSnapYaml("  version: nested\n").version, "");
}

TEST(SnapMetaTest, AssertionHeaders) {
  auto h = ParseAssertionHeaders(ReadFixture(
      "roots/debian-desktop/var/lib/snapd/assertions/asserts-v0/"
      "snap-declaration/16/amcUKQILKXHHTlmSa7NMdnXSx02dNeeT/active"));
  EXPECT_EQ(h["publisher-id"], "canonical-account-id");
  EXPECT_EQ(h["type"], "snap-declaration");
  EXPECT_EQ(h.count("plugs"), 0u);                  // Multi-line value skipped.
  EXPECT_EQ(h.count("AcLBUgQAAQoABgUCYfake"), 0u);  // Signature not a header.
}

}  // namespace
}  // namespace surveyor::collectors::software
