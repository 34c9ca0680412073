#include "common/multiset_digest.h"

#include <gtest/gtest.h>

#include <string>

namespace surveyor::common {
namespace {

TEST(MultisetDigestTest, OrderDoesNotMatter) {
  MultisetDigest a, b;
  a.Add("x");
  a.Add("y");
  a.Add("z");
  b.Add("z");
  b.Add("x");
  b.Add("y");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.count(), 3u);
}

TEST(MultisetDigestTest, RemoveUndoesAdd) {
  MultisetDigest empty, d;
  d.Add("a");
  d.Add("b");
  d.Remove("a");
  d.Remove("b");
  EXPECT_EQ(d, empty);
  EXPECT_EQ(d.State(), std::string(MultisetDigest::kStateSize, '\0'));
}

TEST(MultisetDigestTest, MultiplicityCounts) {
  MultisetDigest once, twice;
  once.Add("a");
  twice.Add("a");
  twice.Add("a");
  EXPECT_NE(once, twice);
  twice.Remove("a");
  EXPECT_EQ(once, twice);
}

TEST(MultisetDigestTest, DifferentElementsDiffer) {
  MultisetDigest a, b;
  a.Add("a");
  b.Add("b");
  EXPECT_NE(a.State(), b.State());
}

TEST(MultisetDigestTest, CarriesAcrossLimbs) {
  // Enough additions that limb sums overflow; removal must borrow back.
  MultisetDigest d, empty;
  for (int i = 0; i < 1000; ++i) d.Add("element " + std::to_string(i));
  for (int i = 999; i >= 0; --i) d.Remove("element " + std::to_string(i));
  EXPECT_EQ(d, empty);
}

TEST(MultisetDigestTest, StateRoundTrips) {
  MultisetDigest d;
  d.Add("one");
  d.Add("two");
  auto back = MultisetDigest::FromState(d.State());
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, d);
  back->Remove("two");
  MultisetDigest one;
  one.Add("one");
  EXPECT_EQ(*back, one);
}

TEST(MultisetDigestTest, MalformedStateIsRejected) {
  EXPECT_FALSE(MultisetDigest::FromState(""));
  EXPECT_FALSE(MultisetDigest::FromState(std::string(39, '\0')));
  EXPECT_FALSE(MultisetDigest::FromState(std::string(41, '\0')));
}

}  // namespace
}  // namespace surveyor::common
