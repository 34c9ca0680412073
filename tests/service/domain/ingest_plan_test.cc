// Ingest planning without a database: every branch of PlanSection.
#include "service/domain/ingest_plan.h"

#include <gtest/gtest.h>

#include "common/snapshot_delta.h"
#include "tests/packages.h"

namespace surveyor::service {
namespace {

v1::Section Software(std::vector<v1::Package> pkgs) {
  v1::Section s;
  s.set_collector("software");
  for (auto& p : pkgs) *s.mutable_software()->add_packages() = p;
  common::CanonicalizeSoftware(*s.mutable_software());
  s.set_content_hash(common::SoftwareContentHash(s.software()));
  return s;
}

// What the store holds after a full section was planned and applied.
StoredSection Stored(const v1::Section& full) {
  SectionPlan p = PlanSection(std::nullopt, full);
  return p.next;
}

v1::Section Delta(const v1::Section& from, const v1::Section& to) {
  v1::Section s;
  s.set_collector("software");
  *s.mutable_software_delta() = common::ComputeSoftwareDelta(
      from.software(), from.content_hash(), to.software());
  s.set_content_hash(to.content_hash());
  return s;
}

TEST(IngestPlanTest, FirstFullSoftwareIsInitialAndListsItsKeys) {
  v1::Section full =
      Software({testing::DebPackage("a", "1"), testing::DebPackage("b", "2")});
  SectionPlan p = PlanSection(std::nullopt, full);
  EXPECT_FALSE(p.resend_full);
  EXPECT_TRUE(p.initial);
  EXPECT_TRUE(p.touched);
  ASSERT_TRUE(p.full_keys);
  EXPECT_EQ(p.full_keys->size(), 2u);
  ASSERT_TRUE(p.next.digest);
  EXPECT_EQ(p.next.section.content_hash(), full.content_hash());
  EXPECT_EQ(p.next.section.software().packages_size(), 0);  // Envelope only.
}

TEST(IngestPlanTest, SameFullSoftwareAgainChangesNothing) {
  v1::Section full = Software({testing::DebPackage("a", "1")});
  SectionPlan p = PlanSection(Stored(full), full);
  EXPECT_FALSE(p.full_keys);
  EXPECT_FALSE(p.delta_changes);
  EXPECT_FALSE(p.touched);
}

TEST(IngestPlanTest, DeltaVerifiedAgainstTheDigest) {
  v1::Section s1 =
      Software({testing::DebPackage("a", "1"), testing::DebPackage("b", "1")});
  v1::Section s2 =
      Software({testing::DebPackage("a", "2"), testing::DebPackage("b", "1")});
  SectionPlan p = PlanSection(Stored(s1), Delta(s1, s2));
  ASSERT_FALSE(p.resend_full);
  ASSERT_TRUE(p.delta_changes);
  ASSERT_EQ(p.delta_changes->added.size(), 1u);
  EXPECT_EQ(p.delta_changes->added[0].version, "2");
  ASSERT_EQ(p.delta_changes->removed.size(), 1u);
  EXPECT_EQ(p.delta_changes->removed[0].version, "1");
  EXPECT_EQ(p.next.section.content_hash(), s2.content_hash());
  EXPECT_EQ(p.next.digest->State(), Stored(s2).digest->State());
}

TEST(IngestPlanTest, WhenToAskForTheFullSection) {
  v1::Section s1 = Software({testing::DebPackage("a", "1")});
  v1::Section s2 = Software({testing::DebPackage("a", "2")});
  v1::Section s3 = Software({testing::DebPackage("a", "3")});
  StoredSection no_digest = Stored(s1);
  no_digest.digest.reset();
  v1::Section lying = Delta(s1, s2);
  lying.set_content_hash(s3.content_hash());
  v1::Section unchanged;
  unchanged.set_collector("software");
  unchanged.set_unchanged(true);
  unchanged.set_content_hash(s2.content_hash());
  struct Case {
    const char* name;
    std::optional<StoredSection> stored;
    v1::Section in;
  } cases[] = {
      {"delta without a stored section", std::nullopt, Delta(s1, s2)},
      {"delta against another base", Stored(s2), Delta(s1, s3)},
      {"delta onto a row without digest", no_digest, Delta(s1, s2)},
      {"delta whose result is not the hash it claims", Stored(s1), lying},
      {"unchanged without a stored section", std::nullopt, unchanged},
      {"unchanged with another hash", Stored(s1), unchanged},
  };
  for (const auto& c : cases) {
    EXPECT_TRUE(PlanSection(c.stored, c.in).resend_full) << c.name;
  }
}

TEST(IngestPlanTest, UnchangedKeepsPayloadWithNewErrorsAndCountsTheStreak) {
  v1::Section protection;
  protection.set_collector("protection");
  protection.mutable_protection()->add_products()->set_product("ClamAV");
  SectionPlan first = PlanSection(std::nullopt, protection);
  EXPECT_EQ(first.next.error_streak, 0);
  v1::Section again;
  again.set_collector("protection");
  again.set_unchanged(true);
  again.set_content_hash(first.next.section.content_hash());
  again.add_errors()->set_reason("clamscan timed out");
  SectionPlan p = PlanSection(first.next, again);
  ASSERT_FALSE(p.resend_full);
  EXPECT_EQ(p.next.section.protection().products(0).product(), "ClamAV");
  EXPECT_EQ(p.next.section.errors(0).reason(), "clamscan timed out");
  EXPECT_EQ(p.next.error_streak, 1);
  EXPECT_TRUE(p.touched);
  EXPECT_TRUE(p.error_related);
  SectionPlan twice = PlanSection(p.next, again);
  EXPECT_EQ(twice.next.error_streak, 2);
  again.clear_errors();
  SectionPlan healed = PlanSection(twice.next, again);
  EXPECT_EQ(healed.next.error_streak, 0);
  EXPECT_TRUE(healed.error_related);  // Errors last time: look again.
}

TEST(IngestPlanTest, OtherSectionsAreHashedCanonically) {
  v1::Section backup;
  backup.set_collector("backup");
  backup.mutable_backup()->add_jobs()->set_product("restic");
  backup.set_content_hash("whatever the agent said");
  SectionPlan p = PlanSection(std::nullopt, backup);
  EXPECT_EQ(p.next.section.content_hash(), common::SectionPayloadHash(backup));
}

TEST(IngestPlanTest, SectionWithoutCollectorIsRefused) {
  v1::Section s;
  EXPECT_TRUE(CheckSection(s));
  s.set_collector(std::string(65, 'x'));
  EXPECT_TRUE(CheckSection(s));
  s.set_collector("host");
  EXPECT_FALSE(CheckSection(s));
}

}  // namespace
}  // namespace surveyor::service
