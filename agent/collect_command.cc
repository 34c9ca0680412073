#include "agent/collect_command.h"

#include <google/protobuf/util/json_util.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "agent/agent_config.h"
#include "agent/saas_http.h"
#include "agent/table_output.h"
#include "collectors/builtin.h"
#include "collectors/snapshot_builder.h"
#include "common/logging.h"
#include "common/stdout_mode.h"

namespace surveyor::agent {
namespace {

constexpr const char* kDetails =
    R"(--root inventories a mounted disk image, a container root or a test fixture
instead of / (on Windows, / is the system drive; the registry and WMI are
always the running machine's). --only takes a comma-separated list of
collectors (host, software, protection, backup, saas on Linux); default all.
--config defaults to /etc/surveyor/agent.textproto (Windows:
%ProgramData%\Surveyor\agent.textproto) when it exists.

Formats: table (default), aligned columns for a terminal; json, protobuf's
canonical JSON of the Snapshot; proto, the Snapshot's wire bytes.

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
  std::fprintf(stderr, "surveyor-agent collect: %s\n",
               common::Printable(message, 400).c_str());
  std::fprintf(stderr, "Try 'surveyor-agent collect --help'.\n");
  return 2;
}

// A path given in UTF-8 (what Windows' wide file names need too).
std::filesystem::path Utf8Path(std::string_view utf8) {
  return std::filesystem::path(std::u8string(
      reinterpret_cast<const char8_t*>(utf8.data()), utf8.size()));
}

// Writes `data` to `output`, or to standard output when it is empty.
bool WriteOutput(const std::string& output, std::string_view data) {
  if (output.empty()) {
    common::UseRawUtf8Stdout();
    return std::fwrite(data.data(), 1, data.size(), stdout) == data.size() &&
           std::fflush(stdout) == 0;
  }
  std::ofstream out(Utf8Path(output), std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.close();
  return static_cast<bool>(out);
}

}  // namespace

int RunCollect(const common::cli::Invocation& in) {
  Options opt;
  opt.root = in.Get("root", "/");
  opt.config = in.Get("config");
  opt.format = in.Get("format", "table");
  opt.output = in.Get("output");
  opt.verbose = in.Flag("verbose");
  for (auto& name : in.GetCommaList("only")) opt.only.insert(std::move(name));
  auto all = collectors::BuiltinCollectors();
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
  // The table ends with every collector error: logging each as it happens
  // too would print it twice (the daemon's log keeps them).
  if (opt.format == "table" && !opt.verbose) {
    common::Logger("section")->set_level(spdlog::level::err);
  }

  v1::AgentConfig config;
  std::string config_path = opt.config;
  if (std::error_code ec;
      config_path.empty() &&
      std::filesystem::exists(Utf8Path(DefaultConfigPath()), ec)) {
    config_path = DefaultConfigPath();
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
  // --root wins; otherwise the configuration's root, like `run`.
  if (!in.Has("root") && !config.root().empty()) opt.root = config.root();
  auto view = collectors::HostView::Open(opt.root);
  if (!view) return Usage("--root " + view.error().message);
  // Commands inspect the machine running the agent, so they run only when
  // the view is that machine.
  collectors::ProcessRunner runner(
      collectors::ProcessRunner::DefaultAllowlist());
  auto saas = NewSaasHttpFactory(nullptr);
  collectors::CollectContext ctx{*view, std::chrono::system_clock::now(),
                                 config, view->is_live() ? &runner : nullptr,
                                 saas.get()};
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

  errno = 0;
  if (!WriteOutput(opt.output, data)) {
    std::fprintf(stderr, "surveyor-agent collect: writing %s: %s\n",
                 opt.output.empty()
                     ? "standard output"
                     : common::Printable(opt.output, 400).c_str(),
                 errno != 0 ? std::strerror(errno) : "failed");
    return 2;
  }
  return failed ? 1 : 0;
}

void AddCollectCommand(common::cli::Program& p) {
  p.Add({"collect",
         "[options]",
         "Collect this machine's inventory once and print it.",
         kDetails,
         [](common::cli::po::options_description& o) {
           using common::cli::po::value;
           o.add_options()("root", value<std::string>()->value_name("DIR"),
                           "Inventory the file tree under DIR (default /).")(
               "only", value<std::string>()->value_name("LIST"),
               "Collectors to run, comma-separated (default all).")(
               "config", value<std::string>()->value_name("FILE"),
               "Agent configuration (protobuf text format).")(
               "format", value<std::string>()->value_name("FORMAT"),
               "table (default), json or proto.")(
               "output,o", value<std::string>()->value_name("FILE"),
               "Write to FILE instead of standard output.");
         },
         {},
         0,
         0,
         RunCollect});
}

}  // namespace surveyor::agent
