#include "service/api/host_rate_limit.h"

#include <gtest/gtest.h>

namespace surveyor::service {
namespace {

using std::chrono::seconds;

class HostRateLimitTest : public ::testing::Test {
 protected:
  HostRateLimit::Clock clock_ = [this] { return now_; };
  std::chrono::steady_clock::time_point now_{};
};

TEST_F(HostRateLimitTest, BurstThenOnePerRefillInterval) {
  HostRateLimit limit(120, clock_);  // one per 30 s, bursts of 30
  EXPECT_EQ(limit.burst(), 30.0);
  for (int i = 0; i < 30; ++i) EXPECT_FALSE(limit.Take("a")) << i;
  auto wait = limit.Take("a");
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, seconds(30));
  // Another host has its own bucket.
  EXPECT_FALSE(limit.Take("b"));
  now_ += seconds(15);
  ASSERT_TRUE(limit.Take("a"));
  EXPECT_EQ(*limit.Take("a"), seconds(15));
  now_ += seconds(15);
  EXPECT_FALSE(limit.Take("a"));
  EXPECT_TRUE(limit.Take("a"));
}

TEST_F(HostRateLimitTest, RefusedAttemptsDoNotCost) {
  HostRateLimit limit(4, clock_);  // one per 900 s, burst 1
  EXPECT_FALSE(limit.Take("a"));
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(limit.Take("a"));
  now_ += seconds(900);
  EXPECT_FALSE(limit.Take("a"));
}

TEST_F(HostRateLimitTest, ZeroIsNoLimit) {
  HostRateLimit limit(0, clock_);
  for (int i = 0; i < 10000; ++i) ASSERT_FALSE(limit.Take("a"));
  EXPECT_EQ(limit.tracked(), 0u);
}

TEST_F(HostRateLimitTest, RefilledBucketsAreForgotten) {
  HostRateLimit limit(3600, clock_);  // one per second, burst 900
  for (int i = 0; i < 5000; ++i) limit.Take("host-" + std::to_string(i));
  EXPECT_GT(limit.tracked(), 4000u);
  now_ += seconds(3600);
  for (int i = 0; i < 4096; ++i) limit.Take("busy");
  EXPECT_LE(limit.tracked(), 2u);
}

}  // namespace
}  // namespace surveyor::service
