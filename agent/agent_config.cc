#include "agent/agent_config.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "collectors/builtin.h"
#include "common/logging.h"
#include "common/private_path.h"
#include "common/textproto.h"

namespace surveyor::agent {
namespace {

using common::ErrorCode;
using common::Fail;

}  // namespace

std::expected<v1::AgentConfig, common::Error> ParseAgentConfig(
    std::string_view text, std::string_view path) {
  v1::AgentConfig config;
  if (auto parsed = common::ParseTextProto(text, path, config); !parsed) {
    return std::unexpected(parsed.error());
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
  std::set<std::string> known;
  for (const auto& c : collectors::BuiltinCollectors()) {
    known.emplace(c->name());
  }
  for (const auto& [name, seconds] : config.collect_interval_seconds()) {
    if (!known.contains(name)) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      return invalid("collect_interval_seconds: unknown collector '" +
                     common::Printable(name) + "' (known: " + list + ")");
    }
  }
  if (auto saas = CheckSaasConnectors(config, path); !saas) {
    return std::unexpected(saas.error());
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
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Fail(ErrorCode::kInvalidArgument,
                path + ": is a directory, not a configuration file");
  }
  std::ifstream in(path);
  if (!in) {
    return Fail(ErrorCode::kNotFound, path + ": cannot open configuration");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseAgentConfig(ss.str(), path);
}

void WarnIfOthersCanRead(const std::string& path) {
  if (common::OthersCanRead(path)) {
    common::Logger("agent")->warn(
        "{} is readable by other users; the enrollment secret enrolls "
        "machines into this tenant: make it readable by its owner only "
        "(chmod 600; on Windows, SYSTEM and Administrators only)",
        common::Printable(path));
  }
}

std::expected<v1::AgentConfig, common::Error> LoadRunConfig(
    const std::string& path) {
  auto config = LoadAgentConfig(path);
  if (!config) return config;
  if (config->server().url().empty()) {
    return common::Fail(common::ErrorCode::kInvalidArgument,
                        path + ": server.url is required for run");
  }
  if (config->server().enroll_secret_file().empty()) {
    return common::Fail(common::ErrorCode::kInvalidArgument,
                        path + ": server.enroll_secret_file is required");
  }
  if (config->state_dir().empty()) config->set_state_dir(DefaultStateDir());
  WarnIfOthersCanRead(config->server().enroll_secret_file());
  return config;
}

}  // namespace surveyor::agent
