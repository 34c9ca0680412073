// Writing and removing the agent's configuration the way an installer needs
// to (`surveyor-agent configure` and `surveyor-agent purge`; the Windows
// MSI runs both as custom actions, install/windows/surveyor-agent.wxs).
//
// configure writes, beside the configuration file, in a private directory
// (common/private_path.h):
//   agent.textproto  server { url ca_file enroll_secret_file }
//   enroll_secret    the tenant's enrollment secret, one line
//   server-ca.pem    a copy of the CA file given, so the installer's copy
//                    may go away
// With a server URL it changes only the server connection of a
// configuration already there (state_dir, intervals and the rest are kept;
// one that does not load is replaced). Without one it keeps an existing
// configuration unchanged (an upgrade or a repair, which carry no
// properties) and refuses when there is none. The secret never appears in
// its messages.
//
// purge removes what configure and the agent wrote: the configuration, the
// secret and CA files it names, and the state directory's files (node_key,
// identity.key, agent.db and its journals, last_failure, agent.log and its
// older file), then the two directories if nothing else is left in them.
// Files it does not know are left, and named.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "common/error.h"
#include "surveyor/v1/agent_config.pb.h"

namespace surveyor::agent {

struct ConfigureRequest {
  std::string config_path;    // The configuration file to write.
  std::string server_url;     // "https://…"; empty keeps what is there.
  std::string enroll_secret;  // Empty keeps an existing secret file.
  std::string ca_file;        // A PEM certificate file; empty: system store.
};

enum class ConfigureResult {
  kWritten,   // There was none.
  kUpdated,   // Its server connection changed, the rest kept.
  kReplaced,  // The one there did not load.
  kKept,      // No server URL: left as it was.
};

std::expected<ConfigureResult, common::Error> ConfigureAgent(
    const ConfigureRequest& request);

// The configuration text ConfigureAgent writes (pure).
std::string RenderAgentConfig(const v1::AgentConfig& config);

struct PurgeReport {
  std::vector<std::string> removed;  // Paths removed.
  std::vector<std::string> left;     // Unknown files kept, and their dirs.
};

// Removes what the agent configured at `config_path` and its state (in
// the configuration's state_dir, or `default_state_dir` when it names none
// or there is no configuration). Nothing to remove is not an error; a
// configuration that does not load is (kParse or kInvalidArgument), and
// nothing is removed.
std::expected<PurgeReport, common::Error> PurgeAgent(
    const std::string& config_path, const std::string& default_state_dir);

}  // namespace surveyor::agent
