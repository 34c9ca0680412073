#include "service/http/connection_limits.h"

#include <gtest/gtest.h>

#include <vector>

namespace surveyor::service {
namespace {

using Refusal = ConnectionLimits::Refusal;

TEST(ConnectionLimitsTest, PerPeerLimitRefusesThatPeerOnly) {
  auto limits = ConnectionLimits::Make({.max_total = 100, .max_per_peer = 2});
  auto a1 = limits->Admit("10.0.0.1");
  auto a2 = limits->Admit("10.0.0.1");
  ASSERT_TRUE(a1.slot && a2.slot);
  auto a3 = limits->Admit("10.0.0.1");
  EXPECT_FALSE(a3.slot);
  EXPECT_EQ(a3.refusal, Refusal::kPeerLimit);
  EXPECT_TRUE(limits->Admit("10.0.0.2").slot);
  // A closed connection gives its place back.
  a1.slot = {};
  EXPECT_EQ(limits->open_from("10.0.0.1"), 1u);
  EXPECT_TRUE(limits->Admit("10.0.0.1").slot);
}

TEST(ConnectionLimitsTest, ZeroPerPeerMeansNoPerPeerLimit) {
  auto limits = ConnectionLimits::Make({.max_total = 5, .max_per_peer = 0});
  std::vector<ConnectionLimits::Slot> held;
  for (int i = 0; i < 5; ++i) {
    auto a = limits->Admit("192.0.2.1");
    ASSERT_TRUE(a.slot) << i;
    held.push_back(std::move(a.slot));
  }
  EXPECT_EQ(limits->open(), 5u);
}

TEST(ConnectionLimitsTest, AtTheCapTheLongestWaitingConnectionMakesRoom) {
  auto limits = ConnectionLimits::Make({.max_total = 3, .max_per_peer = 0});
  std::vector<int> evicted;
  std::vector<ConnectionLimits::Slot> held;
  for (int i = 0; i < 3; ++i) {
    auto a = limits->Admit("10.0.0.1");
    ASSERT_TRUE(a.slot);
    held.push_back(std::move(a.slot));
  }
  // 1 waits first, then 0; 2 is busy with a request.
  held[1].Waiting([&] { evicted.push_back(1); });
  held[0].Waiting([&] { evicted.push_back(0); });
  held[2].Waiting([&] { evicted.push_back(2); });
  held[2].Busy();
  auto agent = limits->Admit("10.0.0.9");
  ASSERT_TRUE(agent.slot);
  ASSERT_TRUE(agent.evicted);
  agent.evicted();
  EXPECT_EQ(evicted, std::vector<int>{1});
  // The victim counts until it is gone, but is not evicted twice.
  EXPECT_EQ(limits->open(), 4u);
  auto next = limits->Admit("10.0.0.9");
  ASSERT_TRUE(next.slot && next.evicted);
  next.evicted();
  EXPECT_EQ(evicted, (std::vector<int>{1, 0}));
  held[1] = {};
  held[0] = {};
  EXPECT_EQ(limits->open(), 3u);
}

TEST(ConnectionLimitsTest, AllBusyMeansRefused) {
  auto limits = ConnectionLimits::Make({.max_total = 2, .max_per_peer = 0});
  auto a = limits->Admit("10.0.0.1");
  auto b = limits->Admit("10.0.0.2");
  a.slot.Waiting([] {});
  a.slot.Busy();
  auto c = limits->Admit("10.0.0.3");
  EXPECT_FALSE(c.slot);
  EXPECT_EQ(c.refusal, Refusal::kTotalLimit);
  EXPECT_FALSE(c.evicted);
}

TEST(ConnectionLimitsTest, EvictionsPendingAreBoundedBySlack) {
  const std::size_t cap = 4;
  auto limits = ConnectionLimits::Make({.max_total = cap, .max_per_peer = 0});
  std::vector<ConnectionLimits::Slot> held;
  std::size_t admitted = 0;
  // Every connection waits and nobody ever closes an evicted one (a victim
  // stuck in its close): the count may grow only by the slack.
  for (std::size_t i = 0; i < cap + ConnectionLimits::kEvictionSlack + 50;
       ++i) {
    auto a = limits->Admit("10.0.0.1");
    if (!a.slot) {
      EXPECT_EQ(a.refusal, Refusal::kTotalLimit);
      continue;
    }
    ++admitted;
    a.slot.Waiting([] {});
    held.push_back(std::move(a.slot));
  }
  EXPECT_EQ(admitted, cap + ConnectionLimits::kEvictionSlack);
  EXPECT_EQ(limits->open(), cap + ConnectionLimits::kEvictionSlack);
}

TEST(ConnectionLimitsTest, DefaultCapLeavesRoomForTheStore) {
  EXPECT_EQ(DefaultMaxConnections(1024), 1024u - kReservedFiles);
  EXPECT_EQ(DefaultMaxConnections(65536), 65536u - kReservedFiles);
  EXPECT_EQ(DefaultMaxConnections(100), 16u);
  EXPECT_EQ(DefaultMaxConnections(1u << 30), 100000u);
}

}  // namespace
}  // namespace surveyor::service
