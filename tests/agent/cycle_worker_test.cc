#include "agent/cycle_worker.h"

#include <gtest/gtest.h>

namespace surveyor::agent {
namespace {

TEST(CycleOutcomeCodecTest, RoundTrips) {
  CycleOutcome o;
  o.drained = false;
  o.collect_failed = true;
  o.retry_in = std::chrono::seconds(321);
  o.error = "HTTP 503: busy\nsecond line";
  auto back = DecodeOutcome(EncodeOutcome(o));
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->drained);
  EXPECT_TRUE(back->collect_failed);
  EXPECT_EQ(back->retry_in.count(), 321);
  EXPECT_EQ(back->error, o.error);
}

TEST(CycleOutcomeCodecTest, DrainedWithoutError) {
  CycleOutcome o;
  o.drained = true;
  auto back = DecodeOutcome(EncodeOutcome(o));
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->drained);
  EXPECT_TRUE(back->error.empty());
}

TEST(CycleOutcomeCodecTest, RejectsWhatACrashedWorkerLeaves) {
  EXPECT_FALSE(DecodeOutcome(""));
  EXPECT_FALSE(DecodeOutcome("surveyor-cycle 1 0"));  // Cut before newline.
  EXPECT_FALSE(DecodeOutcome("surveyor-cycle 1 0 x\n"));
  EXPECT_FALSE(DecodeOutcome("surveyor-cycle 2 0 5\n"));
  EXPECT_FALSE(DecodeOutcome("surveyor-cycle 1 0 -5\n"));
  EXPECT_FALSE(DecodeOutcome("surveyor-cycle 1 0 5 junk\n"));
  EXPECT_FALSE(DecodeOutcome("hello\n"));
}

}  // namespace
}  // namespace surveyor::agent
