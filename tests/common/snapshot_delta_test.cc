#include "common/snapshot_delta.h"

#include <gtest/gtest.h>

#include "tests/packages.h"

namespace surveyor::common {
namespace {

v1::SoftwareInventory Inv(std::vector<v1::Package> pkgs) {
  v1::SoftwareInventory inv;
  for (auto& p : pkgs) *inv.add_packages() = p;
  inv.add_sources_present(v1::PACKAGE_SOURCE_DPKG);
  CanonicalizeSoftware(inv);
  return inv;
}

TEST(SnapshotDeltaTest, UpgradeIsOneRemovalAndOneAddition) {
  auto base = Inv({testing::DebPackage("bash", "5.2-1"),
                   testing::DebPackage("curl", "7.88"),
                   testing::DebPackage("zsh", "5.9")});
  auto now = Inv({testing::DebPackage("bash", "5.2-2"),
                  testing::DebPackage("curl", "7.88"),
                  testing::DebPackage("zsh", "5.9")});
  auto delta = ComputeSoftwareDelta(base, PayloadHash(base), now);
  ASSERT_EQ(delta.added_size(), 1);
  ASSERT_EQ(delta.removed_size(), 1);
  EXPECT_EQ(delta.added(0).version(), "5.2-2");
  EXPECT_EQ(delta.removed(0).version(), "5.2-1");
  auto applied = ApplySoftwareDelta(base, delta);
  ASSERT_TRUE(applied);
  EXPECT_EQ(PayloadHash(*applied), PayloadHash(now));
}

TEST(SnapshotDeltaTest, OrderDoesNotChangeTheHash) {
  auto a = Inv({testing::DebPackage("a", "1"), testing::DebPackage("b", "1")});
  auto b = Inv({testing::DebPackage("b", "1"), testing::DebPackage("a", "1")});
  EXPECT_EQ(PayloadHash(a), PayloadHash(b));
}

TEST(SnapshotDeltaTest, RemovingWhatTheBaseLacksIsRejected) {
  auto base = Inv({testing::DebPackage("a", "1")});
  v1::SoftwareDelta delta;
  *delta.add_removed() = testing::DebPackage("ghost", "1");
  EXPECT_FALSE(ApplySoftwareDelta(base, delta));
}

TEST(SnapshotDeltaTest, WrongBaseGivesADifferentHash) {
  auto base =
      Inv({testing::DebPackage("a", "1"), testing::DebPackage("b", "1")});
  auto now = Inv({testing::DebPackage("a", "1"), testing::DebPackage("b", "1"),
                  testing::DebPackage("c", "1")});
  auto delta = ComputeSoftwareDelta(base, PayloadHash(base), now);
  auto other_base = Inv({testing::DebPackage("a", "1")});
  auto applied = ApplySoftwareDelta(other_base, delta);
  ASSERT_TRUE(applied);  // Applies, but the hash tells it is wrong.
  EXPECT_NE(PayloadHash(*applied), PayloadHash(now));
}

TEST(SnapshotDeltaTest, SoftwareHashIsOrderIndependentAndCoversSources) {
  auto a = Inv({testing::DebPackage("a", "1"), testing::DebPackage("b", "1")});
  v1::SoftwareInventory shuffled;
  *shuffled.add_packages() = a.packages(1);
  *shuffled.add_packages() = a.packages(0);
  shuffled.add_sources_present(v1::PACKAGE_SOURCE_DPKG);
  EXPECT_EQ(SoftwareContentHash(a), SoftwareContentHash(shuffled));
  shuffled.add_sources_present(v1::PACKAGE_SOURCE_SNAP);
  EXPECT_NE(SoftwareContentHash(a), SoftwareContentHash(shuffled));
  v1::Section section;
  *section.mutable_software() = a;
  EXPECT_EQ(SectionPayloadHash(section), SoftwareContentHash(a));
}

TEST(SnapshotDeltaTest, DigestFollowsTheDeltaWithoutTheBase) {
  auto base = Inv({testing::DebPackage("bash", "5.2-1"),
                   testing::DebPackage("curl", "7.88"),
                   testing::DebPackage("zsh", "5.9")});
  auto now = Inv({testing::DebPackage("bash", "5.2-2"),
                  testing::DebPackage("curl", "7.88"),
                  testing::DebPackage("vim", "9")});
  auto delta = ComputeSoftwareDelta(base, SoftwareContentHash(base), now);
  MultisetDigest digest = SoftwarePackagesDigest(base);
  ApplySoftwareDeltaToDigest(delta, digest);
  EXPECT_EQ(digest, SoftwarePackagesDigest(now));
  EXPECT_EQ(SoftwareContentHash(digest, delta.sources_present()),
            SoftwareContentHash(now));
}

TEST(SnapshotDeltaTest, DigestOfAWrongBaseDoesNotVerify) {
  auto base =
      Inv({testing::DebPackage("a", "1"), testing::DebPackage("b", "1")});
  auto now =
      Inv({testing::DebPackage("a", "1"), testing::DebPackage("c", "1")});
  auto delta = ComputeSoftwareDelta(base, SoftwareContentHash(base), now);
  MultisetDigest digest =
      SoftwarePackagesDigest(Inv({testing::DebPackage("a", "1")}));
  ApplySoftwareDeltaToDigest(delta, digest);
  EXPECT_NE(SoftwareContentHash(digest, delta.sources_present()),
            SoftwareContentHash(now));
}

}  // namespace
}  // namespace surveyor::common
