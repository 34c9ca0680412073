// A Transport that answers from a script instead of the network, and records
// every request (path, body, bearer, content encoding). Each Post takes the
// next scripted answer; the last one repeats. An optional hook runs before
// answering (to change the world mid-request, as a crash or a full disk
// would).
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "agent/transport.h"

namespace surveyor::testing {

class FakeTransport : public agent::Transport {
 public:
  struct Request {
    std::string path, body, bearer, encoding;
  };

  void Then(std::expected<agent::HttpResult, common::Error> answer) {
    script_.push_back(std::move(answer));
  }
  void Then(long status, std::string body = "",
            std::optional<std::chrono::seconds> retry_after = std::nullopt) {
    Then(agent::HttpResult{status, std::move(body), retry_after});
  }
  std::function<void(const Request&)> before_answer;

  std::expected<agent::HttpResult, common::Error> Post(
      const std::string& path, const std::string& body,
      const std::string& bearer, const std::string& encoding) override {
    requests.push_back({path, body, bearer, encoding});
    if (before_answer) before_answer(requests.back());
    if (script_.empty()) {
      return common::Fail(common::ErrorCode::kIo, "fake: no scripted answer");
    }
    auto answer = script_.front();
    if (script_.size() > 1) script_.pop_front();
    return answer;
  }

  std::vector<Request> requests;

 private:
  std::deque<std::expected<agent::HttpResult, common::Error>> script_;
};

}  // namespace surveyor::testing
