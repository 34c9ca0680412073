// An HttpClient for the SaaS connectors that answers from a script, in
// order, and records every call; and a Waiter that records waits instead
// of sleeping. A call beyond the script is a kIo error.
#pragma once

#include <deque>
#include <vector>

#include "collectors/saas/http_client.h"

namespace surveyor::testing {

class FakeHttpClient : public collectors::saas::HttpClient {
 public:
  void Then(long status, std::string body,
            std::optional<std::chrono::seconds> retry_after = std::nullopt) {
    script_.push_back(
        collectors::saas::HttpReply{status, std::move(body), retry_after});
  }
  void Then(collectors::saas::HttpReply reply) {
    script_.push_back(std::move(reply));
  }
  void ThenFail(common::Error error) {
    script_.push_back(std::unexpected(std::move(error)));
  }

  std::expected<collectors::saas::HttpReply, common::Error> Send(
      const collectors::saas::HttpCall& call) override {
    calls.push_back(call);
    if (script_.empty()) {
      return common::Fail(common::ErrorCode::kIo, "fake: no scripted answer");
    }
    auto answer = std::move(script_.front());
    script_.pop_front();
    return answer;
  }

  std::vector<collectors::saas::HttpCall> calls;
  std::size_t left() const { return script_.size(); }

 private:
  std::deque<std::expected<collectors::saas::HttpReply, common::Error>> script_;
};

class RecordingWaiter : public collectors::saas::Waiter {
 public:
  void Wait(std::chrono::seconds how_long) override {
    waits.push_back(how_long);
    now += how_long.count();
  }
  std::int64_t Now() const override { return now; }
  std::vector<std::chrono::seconds> waits;
  std::int64_t now = 1'800'000'000;  // 2027-01-15, advanced by each wait
};

}  // namespace surveyor::testing
