#include "service/cli.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace surveyor::service {

int Fail(const std::string& message) {
  std::fprintf(stderr, "surveyor-server: %s\n", message.c_str());
  return 2;
}

std::int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::expected<Args, std::string> ParseArgs(int argc, char** argv) {
  Args a;
  static const std::set<std::string> kWithValue = {
      "--data-dir",  "--config",    "--listen",         "--cert",    "--key",
      "--tenant",    "--port-file", "--max-body-bytes", "--catalog", "--source",
      "--publisher", "--format",    "--sweep-seconds"};
  static const std::set<std::string> kFlags = {"--open", "--all",
                                               "--uncatalogued"};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-v" || arg == "--verbose") {
      a.verbose = true;
    } else if (arg == "--admin") {
      a.admin = true;
    } else if (arg == "--insecure-plain-http") {
      a.insecure = true;
    } else if (kFlags.contains(arg)) {
      a.flags.insert(arg);
    } else if (kWithValue.contains(arg)) {
      if (i + 1 >= argc) return std::unexpected(arg + " needs a value");
      a.options[arg] = argv[++i];
    } else if (arg.starts_with("--") && arg.find('=') != std::string::npos &&
               kWithValue.contains(arg.substr(0, arg.find('=')))) {
      a.options[arg.substr(0, arg.find('='))] = arg.substr(arg.find('=') + 1);
    } else if (arg.starts_with("-")) {
      return std::unexpected("unknown option '" + arg + "'");
    } else {
      a.positional.push_back(arg);
    }
  }
  return a;
}

std::string DataDir(const Args& a) {
  if (auto it = a.options.find("--data-dir"); it != a.options.end()) {
    return it->second;
  }
  if (const char* env = std::getenv("SURVEYOR_DATA_DIR"); env && *env) {
    return env;
  }
  return "/var/lib/surveyor-server";
}

}  // namespace surveyor::service
