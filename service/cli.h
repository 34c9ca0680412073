// surveyor-server's command line: arguments, the data directory, and the
// conventions every command follows (errors on stderr, exit 2). Used by
// main.cc and the findings commands.
#pragma once

#include <cstdint>
#include <expected>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace surveyor::service {

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // --name value
  std::set<std::string> flags;                 // --name
  bool verbose = false;
  bool admin = false;
  bool insecure = false;

  bool Flag(const std::string& name) const { return flags.contains(name); }
  std::string Option(const std::string& name,
                     const std::string& fallback = "") const {
    auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
  }
};

std::expected<Args, std::string> ParseArgs(int argc, char** argv);

// --data-dir, else $SURVEYOR_DATA_DIR, else /var/lib/surveyor-server.
std::string DataDir(const Args& a);

// Prints "surveyor-server: MESSAGE" on stderr; returns 2.
int Fail(const std::string& message);

// Seconds since the epoch.
std::int64_t Now();

}  // namespace surveyor::service
