// Loading and validating the agent's configuration file (protobuf text format,
// schema proto/surveyor/v1/agent_config.proto). A malformed file or unknown
// field is an error naming the file, line and column; the agent refuses to
// start on it.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "common/error.h"
#include "surveyor/v1/agent_config.pb.h"

namespace surveyor::agent {

// /etc/surveyor/agent.textproto; on Windows
// %ProgramData%\Surveyor\agent.textproto (agent_config_win32.cc).
std::string DefaultConfigPath();

// Parses `text` (named `path` in messages) and checks required fields.
std::expected<v1::AgentConfig, common::Error> ParseAgentConfig(
    std::string_view text, std::string_view path);

// The saas_connectors part of ParseAgentConfig's checks (agent_config_linux.cc;
// on Windows, agent_config_win32.cc refuses them: the connectors run on Linux).
std::expected<void, common::Error> CheckSaasConnectors(
    const v1::AgentConfig& config, std::string_view path);

// The state directory when the configuration names none:
// /var/lib/surveyor; on Windows %ProgramData%\Surveyor.
std::string DefaultStateDir();

// Logs a warning when users other than the owner (Linux: group or others;
// Windows: not only SYSTEM and Administrators) can read the file at `path`.
void WarnIfOthersCanRead(const std::string& path);

// Reads and parses the file at `path`.
std::expected<v1::AgentConfig, common::Error> LoadAgentConfig(
    const std::string& path);

// LoadAgentConfig, then what `run` and `status` need: server.url and
// server.enroll_secret_file present; state_dir defaulted; the secret's file
// private (a warning otherwise).
std::expected<v1::AgentConfig, common::Error> LoadRunConfig(
    const std::string& path);

}  // namespace surveyor::agent
