// One command-line parser for every command of both binaries, on
// Boost.Program_options. A Program is a list of Commands ("serve",
// "tenant add", "collect" ...); each declares its options and positional
// arguments, and gets:
//   - `--help` / `-h` with its usage, options and description, exit 0;
//   - refusal of options it does not take, and of missing or extra
//     arguments, naming them (exit 2);
//   - strict numbers: Uint/Int values reject "10abc", "-1", "", overflow,
//     naming the flag and the value.
// Program_options reports errors by throwing; this file is the one place
// that catches them, so nothing else in Surveyor sees an exception.
//
// Thread-safety: parse on one thread (start-up).
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace surveyor::common::cli {

namespace po = boost::program_options;

// Strict unsigned and signed integers for po::value<...>().
struct Uint {
  std::uint64_t value = 0;
};
struct Int {
  std::int64_t value = 0;
};
void validate(boost::any& out, const std::vector<std::string>& values, Uint*,
              int);
void validate(boost::any& out, const std::vector<std::string>& values, Int*,
              int);

struct Invocation {
  po::variables_map vm;
  std::vector<std::string> args;  // Positional arguments.

  bool Has(const std::string& name) const { return vm.count(name) > 0; }
  std::string Get(const std::string& name,
                  const std::string& fallback = "") const {
    return Has(name) ? vm[name].as<std::string>() : fallback;
  }
  std::uint64_t GetUint(const std::string& name, std::uint64_t fallback) const {
    return Has(name) ? vm[name].as<Uint>().value : fallback;
  }
  std::int64_t GetInt(const std::string& name, std::int64_t fallback) const {
    return Has(name) ? vm[name].as<Int>().value : fallback;
  }
  bool Flag(const std::string& name) const { return Has(name); }
  // The non-empty items of a comma-separated option ("host,software").
  std::vector<std::string> GetCommaList(const std::string& name) const {
    std::vector<std::string> out;
    if (!Has(name)) return out;
    std::string_view rest = vm[name].as<std::string>();  // Owned by vm.
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      if (comma != 0) out.emplace_back(rest.substr(0, comma));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    return out;
  }
  // Every value of a repeatable option (declared as
  // po::value<std::vector<std::string>>()).
  std::vector<std::string> GetAll(const std::string& name) const {
    return Has(name) ? vm[name].as<std::vector<std::string>>()
                     : std::vector<std::string>{};
  }
};

struct Command {
  std::string name;      // "serve", "tenant add".
  std::string synopsis;  // After the name: "NAME", "[--open|--all]".
  std::string summary;   // One line for the command list.
  std::string details;   // Printed under the usage by --help (may be empty).
  std::function<void(po::options_description&)> options;  // May be empty.
  std::vector<std::string> positional;  // Names, e.g. {"NAME"}.
  // Positional counts accepted; max < 0 means unbounded.
  int min_args = 0;
  int max_args = 0;
  std::function<int(const Invocation&)> run;
};

class Program {
 public:
  // `program` is the binary's name; `overview` opens `--help`.
  Program(std::string program, std::string overview,
          std::function<void(po::options_description&)> common_options = {});

  void Add(Command command) { commands_.push_back(std::move(command)); }

  // Parses argv and runs the chosen command. Returns its exit status, 0 for
  // --help, 2 for usage errors (printed on stderr with a pointer to
  // --help).
  int Main(int argc, char** argv) const;

  // The overview with the command list.
  std::string Overview() const;
  std::string CommandHelp(const Command& c) const;

 private:
  int UsageError(const std::string& where, const std::string& message) const;
  std::string program_;
  std::string overview_;
  std::function<void(po::options_description&)> common_options_;
  std::vector<Command> commands_;
};

}  // namespace surveyor::common::cli
