#include "service/api/failure_log.h"

#include <gtest/gtest.h>

#include <vector>

namespace surveyor::service {
namespace {

using std::chrono::seconds;

class FailureLogTest : public ::testing::Test {
 protected:
  FailureLog log_{[this](const std::string& l) { lines_.push_back(l); },
                  seconds(10), [this] { return now_; }};
  std::vector<std::string> lines_;
  std::chrono::steady_clock::time_point now_{};
};

TEST_F(FailureLogTest, FirstOfAKindAtOnceTheRestSummedUpOncePerInterval) {
  for (int i = 0; i < 1000; ++i) {
    log_.Note("unknown node key", "/v1/snapshots", "10.0.0.9:4000");
  }
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_EQ(lines_[0], "unknown node key: /v1/snapshots (peer 10.0.0.9:4000)");
  // Another kind is not hidden behind the flood.
  log_.Note("enrollment refused: key rejected", "machine m1", "10.0.0.7:1");
  ASSERT_EQ(lines_.size(), 2u);
  now_ += seconds(5);
  log_.Flush();
  EXPECT_EQ(lines_.size(), 2u);  // Interval not over yet.
  now_ += seconds(6);
  log_.Flush();
  ASSERT_EQ(lines_.size(), 3u);
  EXPECT_NE(lines_[2].find("999 more 'unknown node key' refusals"),
            std::string::npos)
      << lines_[2];
  log_.Flush();
  EXPECT_EQ(lines_.size(), 3u);  // Summed up once.
}

TEST_F(FailureLogTest, OutsideTextIsMadePrintable) {
  log_.Note("unknown API token", "/v1/x\n2026-01-01 forged line\x1b[2J",
            "peer\r");
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_EQ(lines_[0].find('\n'), std::string::npos);
  EXPECT_EQ(lines_[0].find('\x1b'), std::string::npos);
  EXPECT_EQ(lines_[0].find('\r'), std::string::npos);
}

TEST_F(FailureLogTest, KindsAreBounded) {
  for (std::size_t i = 0; i < FailureLog::kMaxKinds + 50; ++i) {
    log_.Note("kind " + std::to_string(i), "", "p");
  }
  // kMaxKinds kinds, then one shared kind logged once.
  EXPECT_EQ(lines_.size(), FailureLog::kMaxKinds + 1);
}

}  // namespace
}  // namespace surveyor::service
