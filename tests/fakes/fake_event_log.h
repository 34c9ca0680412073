// The event log for tests: records (XML) per log, or an error, whatever the
// XPath; kNotFound for a log it was not given, as an absent log is. Records
// the logs and filters asked for.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "collectors/windows/event_log.h"

namespace surveyor::testing {

class FakeEventLog : public collectors::windows::EventLog {
 public:
  // Newest first, as the live log returns them.
  void Answer(std::string channel, std::vector<std::string> records) {
    answers_[std::move(channel)] = std::move(records);
  }
  void Refuse(std::string channel, common::Error error) {
    errors_[std::move(channel)] = std::move(error);
  }

  std::expected<std::vector<std::string>, common::Error> Newest(
      std::string_view channel, std::string_view xpath,
      std::size_t max) override {
    queries.emplace_back(channel, xpath);
    const std::string key(channel);
    if (auto e = errors_.find(key); e != errors_.end()) {
      return std::unexpected(e->second);
    }
    auto a = answers_.find(key);
    if (a == answers_.end()) {
      return common::Fail(common::ErrorCode::kNotFound,
                          "event log '" + key + "' not found");
    }
    std::vector<std::string> out = a->second;
    if (out.size() > max) out.resize(max);
    return out;
  }

  std::vector<std::pair<std::string, std::string>> queries;

 private:
  std::map<std::string, std::vector<std::string>> answers_;
  std::map<std::string, common::Error> errors_;
};

}  // namespace surveyor::testing
