#include "agent/collect_command.h"

#include <fcntl.h>
#include <google/protobuf/util/json_util.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>

#include "agent/agent_config.h"
#include "agent/table_output.h"
#include "collectors/builtin.h"
#include "collectors/snapshot_builder.h"
#include "common/logging.h"

namespace surveyor::agent {
namespace {

constexpr std::string_view kUsage = R"(Usage: surveyor-agent collect [options]

Collects this machine's inventory once and prints it.

Options:
  --root DIR           Inventory the file tree under DIR instead of / (a mounted
                       disk image, a container root, a test fixture). Default /.
  --only LIST          Comma-separated collectors to run: host, software,
                       protection, backup. Default: all.
  --config FILE        Agent configuration (protobuf text format; backup
                       repositories, thresholds). Default:
                       /etc/surveyor/agent.textproto when it exists.
  --format FORMAT      table (default): aligned columns for a terminal;
                       json: protobuf canonical JSON of the Snapshot;
                       proto: the Snapshot's wire bytes.
  -o, --output FILE    Write to FILE instead of standard output.
  -v, --verbose        Debug diagnostics on standard error.
  -h, --help           This text.

Exit status: 0 when every collector succeeded; 1 when a collector recorded an
error (the output still holds everything that could be read, and the errors
name the file and line or offset); 2 on a usage or output error.
)";

struct Options {
  std::string root = "/";
  std::string config;
  std::set<std::string, std::less<>> only;
  std::string format = "table";
  std::string output;
  bool verbose = false;
};

int Usage(std::string_view message) {
  std::fprintf(stderr, "surveyor-agent collect: %.*s\n",
               static_cast<int>(message.size()), message.data());
  std::fprintf(stderr, "Try 'surveyor-agent collect --help'.\n");
  return 2;
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

std::string_view CollectUsage() { return kUsage; }

int RunCollect(std::span<const std::string_view> args) {
  Options opt;
  auto all = collectors::BuiltinCollectors();
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    std::string_view value;
    bool has_inline = false;
    if (a.starts_with("--") && a.find('=') != std::string_view::npos) {
      value = a.substr(a.find('=') + 1);
      a = a.substr(0, a.find('='));
      has_inline = true;
    }
    auto next = [&](std::string_view& out) -> bool {
      if (has_inline) {
        out = value;
        return true;
      }
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    };
    if (a == "-h" || a == "--help") {
      std::fwrite(kUsage.data(), 1, kUsage.size(), stdout);
      return 0;
    } else if (a == "-v" || a == "--verbose") {
      opt.verbose = true;
    } else if (a == "--root") {
      if (!next(value)) return Usage("--root needs a directory");
      opt.root = std::string(value);
    } else if (a == "--config") {
      if (!next(value)) return Usage("--config needs a file");
      opt.config = std::string(value);
    } else if (a == "--only") {
      if (!next(value)) return Usage("--only needs a list of collectors");
      std::size_t start = 0;
      while (start <= value.size()) {
        auto comma = value.find(',', start);
        std::string_view name = value.substr(
            start, comma == std::string_view::npos ? std::string_view::npos
                                                   : comma - start);
        if (!name.empty()) opt.only.emplace(name);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
    } else if (a == "--format") {
      if (!next(value)) return Usage("--format needs table, json or proto");
      opt.format = std::string(value);
    } else if (a == "-o" || a == "--output") {
      if (!next(value)) return Usage("--output needs a file name");
      opt.output = std::string(value);
    } else {
      return Usage("unknown option '" + std::string(a) + "'");
    }
  }
  if (opt.format != "table" && opt.format != "json" && opt.format != "proto") {
    return Usage("unknown format '" + opt.format +
                 "' (expected table, json or proto)");
  }
  std::string names;
  for (const auto& c : all)
    names += (names.empty() ? "" : ", ") + std::string(c->name());
  for (const auto& name : opt.only) {
    bool known = false;
    for (const auto& c : all) known |= c->name() == name;
    if (!known) {
      return Usage("unknown collector '" + name + "' (available: " + names +
                   ")");
    }
  }
  std::erase_if(all, [&](const auto& c) {
    return !opt.only.empty() && !opt.only.contains(c->name());
  });

  common::InitLogging(opt.verbose);
  auto log = common::Logger("collect");
  auto view = collectors::HostView::Open(opt.root);
  if (!view) return Usage("--root " + view.error().message);

  v1::AgentConfig config;
  std::string config_path = opt.config;
  if (config_path.empty() && ::access(kDefaultConfigPath.data(), F_OK) == 0) {
    config_path = std::string(kDefaultConfigPath);
  }
  if (!config_path.empty()) {
    auto loaded = LoadAgentConfig(config_path);
    if (!loaded) {
      std::fprintf(stderr, "surveyor-agent collect: %s\n",
                   loaded.error().message.c_str());
      return 2;
    }
    config = std::move(*loaded);
  }
  // Commands inspect the machine running the agent, so they run only when
  // the view is that machine.
  collectors::ProcessRunner runner(
      collectors::ProcessRunner::DefaultAllowlist());
  collectors::CollectContext ctx{*view, std::chrono::system_clock::now(),
                                 config, view->is_live() ? &runner : nullptr};
  v1::Snapshot snapshot = collectors::BuildSnapshot(all, ctx);
  snapshot.set_agent_version(SURVEYOR_VERSION);
  bool failed = false;
  for (const auto& s : snapshot.sections()) {
    log->debug("{}: {} us, {} errors", s.collector(), s.duration_us(),
               s.errors_size());
    failed |= s.errors_size() > 0;
  }

  std::string data;
  if (opt.format == "table") {
    data = RenderTable(snapshot);
  } else if (opt.format == "json") {
    google::protobuf::util::JsonPrintOptions json;
    json.add_whitespace = true;
    auto status =
        google::protobuf::util::MessageToJsonString(snapshot, &data, json);
    if (!status.ok()) {
      std::fprintf(stderr, "surveyor-agent collect: JSON encoding failed: %s\n",
                   status.ToString().c_str());
      return 2;
    }
  } else {
    if (!snapshot.SerializeToString(&data)) {
      std::fprintf(stderr, "surveyor-agent collect: encoding failed\n");
      return 2;
    }
  }

  int fd = STDOUT_FILENO;
  if (!opt.output.empty()) {
    fd = ::open(opt.output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                0644);
    if (fd < 0) {
      std::fprintf(stderr, "surveyor-agent collect: %s: %s\n",
                   opt.output.c_str(), std::strerror(errno));
      return 2;
    }
  }
  bool ok = WriteAll(fd, data);
  if (fd != STDOUT_FILENO && ::close(fd) != 0) ok = false;
  if (!ok) {
    std::fprintf(stderr, "surveyor-agent collect: writing %s: %s\n",
                 opt.output.empty() ? "standard output" : opt.output.c_str(),
                 std::strerror(errno));
    return 2;
  }
  return failed ? 1 : 0;
}

}  // namespace surveyor::agent
