#include "agent/configure.h"

#include <google/protobuf/text_format.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "agent/agent_config.h"
#include "common/atomic_file.h"
#include "common/pem.h"
#include "common/printable.h"
#include "common/private_path.h"
#include "surveyor/v1/agent_config.pb.h"

namespace surveyor::agent {
namespace {

namespace fs = std::filesystem;
using common::ErrorCode;
using common::Fail;

constexpr const char* kSecretName = "enroll_secret";
constexpr const char* kCaName = "server-ca.pem";
constexpr std::size_t kMaxCaBytes = 1 << 20;

std::string DirectoryOf(const std::string& path) {
  const auto cut = path.find_last_of("/\\");
  return cut == std::string::npos ? "." : path.substr(0, cut);
}

// Joined with the separator the directory is written with, so a Windows
// configuration shows the paths an administrator would type.
std::string Join(const std::string& dir, const char* name) {
  const char separator =
      dir.find('\\') != std::string::npos && dir.find('/') == std::string::npos
          ? '\\'
          : '/';
  return dir + separator + name;
}

bool Exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

std::expected<void, common::Error> CheckUrl(const std::string& url) {
  if (!url.starts_with("https://") || url.size() == 8) {
    return Fail(ErrorCode::kInvalidArgument,
                "server URL '" + common::Printable(url) +
                    "': it must start with https:// and name a host");
  }
  if (url.size() > 2048) {
    return Fail(ErrorCode::kInvalidArgument, "server URL: longer than 2048");
  }
  for (unsigned char c : url) {
    if (c <= ' ' || c == 0x7f || c == '"' || c == '\\') {
      return Fail(ErrorCode::kInvalidArgument,
                  "server URL '" + common::Printable(url) +
                      "': spaces, quotes, backslashes and control characters "
                      "are not allowed");
    }
  }
  return {};
}

// The secret is never quoted back: only what is wrong with it.
std::expected<void, common::Error> CheckSecret(const std::string& secret) {
  if (secret.size() > 1024) {
    return Fail(ErrorCode::kInvalidArgument,
                "enrollment secret: longer than 1024 characters");
  }
  // The server's secrets are "sse_" and base64url; a quote or a backslash
  // would also break the MSI's command line.
  for (unsigned char c : secret) {
    if (c <= ' ' || c >= 0x7f || c == '"' || c == '\\') {
      return Fail(ErrorCode::kInvalidArgument,
                  "enrollment secret: it holds a space, a quote, a "
                  "backslash, a control character or a non-ASCII byte (copy "
                  "it as `surveyor-server tenant add` printed it)");
    }
  }
  return {};
}

std::expected<std::string, common::Error> ReadCa(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(ErrorCode::kNotFound,
                "CA file " + common::Printable(path) + ": cannot be read");
  }
  std::string pem;
  pem.resize(kMaxCaBytes + 1);
  in.read(pem.data(), static_cast<std::streamsize>(pem.size()));
  pem.resize(static_cast<std::size_t>(in.gcount()));
  if (pem.size() > kMaxCaBytes) {
    return Fail(ErrorCode::kInvalidArgument,
                "CA file " + common::Printable(path) + ": larger than 1 MiB");
  }
  if (auto der = common::PemDecode("CERTIFICATE", pem); !der) {
    return Fail(ErrorCode::kInvalidArgument,
                "CA file " + common::Printable(path) +
                    ": no PEM certificate in it (" + der.error().message + ")");
  }
  return pem;
}

// Owner-only (mode 0600 on Linux; on Windows the private directory's DACL).
std::expected<void, common::Error> WritePrivate(const std::string& path,
                                                std::string_view data) {
  return common::WriteFileAtomic(path, data, 0600);
}

}  // namespace

std::string RenderAgentConfig(const v1::AgentConfig& config) {
  std::string text;
  google::protobuf::TextFormat::PrintToString(config, &text);
  return "# Written by surveyor-agent configure; see the README's agent "
         "configuration.\n" +
         text;
}

std::expected<ConfigureResult, common::Error> ConfigureAgent(
    const ConfigureRequest& request) {
  const std::string& config_path = request.config_path;
  if (request.server_url.empty()) {
    if (Exists(config_path)) return ConfigureResult::kKept;
    return Fail(ErrorCode::kInvalidArgument,
                "no configuration at " + common::Printable(config_path) +
                    " and no server URL to write one: give --server-url and "
                    "--enroll-secret (the MSI's SERVER_URL and ENROLL_SECRET)");
  }
  if (auto ok = CheckUrl(request.server_url); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = CheckSecret(request.enroll_secret); !ok) {
    return std::unexpected(ok.error());
  }
  std::string ca_pem;
  if (!request.ca_file.empty()) {
    auto read = ReadCa(request.ca_file);
    if (!read) return std::unexpected(read.error());
    ca_pem = std::move(*read);
  }

  // The settings already there are kept; one that does not load is
  // replaced.
  v1::AgentConfig config;
  ConfigureResult result = ConfigureResult::kWritten;
  if (Exists(config_path)) {
    auto existing = LoadAgentConfig(config_path);
    result = existing ? ConfigureResult::kUpdated : ConfigureResult::kReplaced;
    if (existing) config = std::move(*existing);
  }

  const std::string dir = DirectoryOf(config_path);
  const std::string secret_path = Join(dir, kSecretName);
  const std::string ca_path = Join(dir, kCaName);
  v1::ServerConnection& server = *config.mutable_server();
  if (request.enroll_secret.empty()) {
    if (server.enroll_secret_file().empty() && Exists(secret_path)) {
      server.set_enroll_secret_file(secret_path);
    }
    if (server.enroll_secret_file().empty() ||
        !Exists(server.enroll_secret_file())) {
      return Fail(ErrorCode::kInvalidArgument,
                  "no enrollment secret given and none at " +
                      common::Printable(server.enroll_secret_file().empty()
                                            ? secret_path
                                            : server.enroll_secret_file()) +
                      ": give --enroll-secret (the MSI's ENROLL_SECRET)");
    }
  } else {
    server.set_enroll_secret_file(secret_path);
  }
  if (auto made = common::MakePrivateDirectory(dir); !made) {
    return std::unexpected(made.error());
  }
  // The files the configuration names first, the configuration last: it
  // appears complete or not at all.
  if (!request.enroll_secret.empty()) {
    if (auto w = WritePrivate(secret_path, request.enroll_secret + "\n"); !w) {
      return std::unexpected(w.error());
    }
    // A directory that existed with open permissions is kept as it was:
    // said, not refused (Wine, which keeps no file permissions, says so
    // always).
    WarnIfOthersCanRead(secret_path);
  }
  if (!ca_pem.empty()) {
    if (auto w = WritePrivate(ca_path, ca_pem); !w) {
      return std::unexpected(w.error());
    }
  }
  // No CA given: the copy made before, else the configuration's own.
  if (!ca_pem.empty() || Exists(ca_path)) server.set_ca_file(ca_path);
  server.set_url(request.server_url);
  const std::string text = RenderAgentConfig(config);
  // What is written must load as the agent will load it.
  if (auto parsed = ParseAgentConfig(text, config_path); !parsed) {
    return Fail(
        ErrorCode::kInternal,
        "the configuration written does not load: " + parsed.error().message);
  }
  if (auto w = WritePrivate(config_path, text); !w) {
    return std::unexpected(w.error());
  }
  return result;
}

std::expected<PurgeReport, common::Error> PurgeAgent(
    const std::string& config_path, const std::string& default_state_dir) {
  PurgeReport report;
  const std::string config_dir = DirectoryOf(config_path);
  std::string state_dir = default_state_dir;
  std::vector<std::string> files;
  if (Exists(config_path)) {
    auto config = LoadAgentConfig(config_path);
    if (!config) return std::unexpected(config.error());
    if (!config->state_dir().empty()) state_dir = config->state_dir();
    if (!config->server().enroll_secret_file().empty()) {
      files.push_back(config->server().enroll_secret_file());
    }
    files.push_back(config_path);
  }
  files.push_back(Join(config_dir, kSecretName));
  files.push_back(Join(config_dir, kCaName));
  for (const char* name : {"node_key", "identity.key", "agent.db",
                           "agent.db-journal", "agent.db-wal", "agent.db-shm",
                           "last_failure", "agent.log", "agent.1.log"}) {
    files.push_back(Join(state_dir, name));
  }
  for (const auto& file : files) {
    std::error_code ec;
    if (fs::remove(file, ec)) {
      report.removed.push_back(file);
    } else if (ec) {
      return Fail(ErrorCode::kIo, common::Printable(file) +
                                      ": cannot be removed: " + ec.message());
    }
  }
  std::vector<std::string> dirs{state_dir};
  if (config_dir != state_dir) dirs.push_back(config_dir);
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    bool empty = true;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      report.left.push_back(entry.path().string());
      empty = false;
    }
    if (empty && fs::remove(dir, ec)) report.removed.push_back(dir);
    if (!empty) report.left.push_back(dir);
  }
  return report;
}

}  // namespace surveyor::agent
