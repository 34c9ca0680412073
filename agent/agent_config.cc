#include "agent/agent_config.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <fstream>
#include <sstream>

namespace surveyor::agent {
namespace {

using common::ErrorCode;
using common::Fail;

class Collector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (first_.empty()) {
      // The parser counts from 0.
      first_ = std::to_string(line + 1) + ":" + std::to_string(column + 1) +
               ": " + message;
    }
  }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

}  // namespace

std::expected<v1::AgentConfig, common::Error> ParseAgentConfig(
    std::string_view text, std::string_view path) {
  v1::AgentConfig config;
  google::protobuf::TextFormat::Parser parser;
  Collector errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), &config)) {
    return Fail(ErrorCode::kParse, std::string(path) + ":" + errors.first());
  }
  auto invalid = [&](const std::string& what) {
    return Fail(ErrorCode::kInvalidArgument, std::string(path) + ": " + what);
  };
  for (int i = 0; i < config.backup().restic_size(); ++i) {
    const auto& r = config.backup().restic(i);
    if (r.repository().empty()) {
      return invalid("backup.restic[" + std::to_string(i) +
                     "]: repository is required");
    }
    if (r.password_file().empty()) {
      return invalid("backup.restic[" + std::to_string(i) +
                     "]: password_file is required (restic repositories are "
                     "always encrypted)");
    }
  }
  for (int i = 0; i < config.backup().borg_size(); ++i) {
    if (config.backup().borg(i).repository().empty()) {
      return invalid("backup.borg[" + std::to_string(i) +
                     "]: repository is required");
    }
  }
  return config;
}

std::expected<v1::AgentConfig, common::Error> LoadAgentConfig(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return Fail(ErrorCode::kNotFound, path + ": cannot open configuration");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseAgentConfig(ss.str(), path);
}

}  // namespace surveyor::agent
