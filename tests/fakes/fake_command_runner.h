// A CommandRunner that answers from a table instead of running programs.
// Unknown commands are "not installed". Records every call.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "collectors/command_runner.h"

namespace surveyor::testing {

class FakeCommandRunner : public collectors::CommandRunner {
 public:
  // The answer for the command whose argv joined by spaces is `command`.
  void Answer(const std::string& command, collectors::CommandResult result) {
    answers_[command] = std::move(result);
  }
  void Fail(const std::string& command, common::Error error) {
    failures_[command] = std::move(error);
  }

  std::expected<collectors::CommandResult, common::Error> Run(
      const std::vector<std::string>& argv,
      const collectors::CommandOptions& options) override {
    std::string joined;
    for (const auto& a : argv) joined += (joined.empty() ? "" : " ") + a;
    calls.push_back(joined);
    envs.push_back(options.env);
    if (auto f = failures_.find(joined); f != failures_.end()) {
      return std::unexpected(f->second);
    }
    if (auto a = answers_.find(joined); a != answers_.end()) return a->second;
    return common::Fail(common::ErrorCode::kNotFound,
                        argv[0] + ": not installed");
  }

  std::vector<std::string> calls;
  std::vector<std::vector<std::string>> envs;

 private:
  std::map<std::string, collectors::CommandResult> answers_;
  std::map<std::string, common::Error> failures_;
};

}  // namespace surveyor::testing
