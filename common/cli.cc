#include "common/cli.h"

#include <charconv>
#include <cstdio>
#include <sstream>

#include "common/logging.h"

namespace surveyor::common::cli {

namespace {

template <typename T>
T ParseStrict(const std::vector<std::string>& values) {
  const std::string& s = po::validators::get_single_string(values);
  T out{};
  // from_chars accepts no sign for unsigned, no spaces, no suffix.
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
    throw po::invalid_option_value(s);
  }
  return out;
}

}  // namespace

void validate(boost::any& out, const std::vector<std::string>& values, Uint*,
              int) {
  out = Uint{ParseStrict<std::uint64_t>(values)};
}

void validate(boost::any& out, const std::vector<std::string>& values, Int*,
              int) {
  out = Int{ParseStrict<std::int64_t>(values)};
}

Program::Program(std::string program, std::string overview,
                 std::function<void(po::options_description&)> common_options)
    : program_(std::move(program)),
      overview_(std::move(overview)),
      common_options_(std::move(common_options)) {}

std::string Program::Overview() const {
  std::ostringstream out;
  out << "Usage: " << program_ << " COMMAND [options]\n\n" << overview_;
  out << "\nCommands:\n";
  for (const auto& c : commands_) {
    std::string head = "  " + c.name;
    out << head;
    if (head.size() < 26) {
      out << std::string(26 - head.size(), ' ');
    } else {
      out << "\n" << std::string(26, ' ');
    }
    out << c.summary << "\n";
  }
  out << "\n'" << program_ << " COMMAND --help' shows a command's options.\n";
  return out.str();
}

std::string Program::CommandHelp(const Command& c) const {
  po::options_description opts("Options");
  if (c.options) c.options(opts);
  if (common_options_) common_options_(opts);
  opts.add_options()("help,h", "This text.");
  std::ostringstream out;
  out << "Usage: " << program_ << " " << c.name;
  if (!c.synopsis.empty()) out << " " << c.synopsis;
  out << "\n\n" << c.summary << "\n";
  if (!c.details.empty()) out << "\n" << c.details;
  out << "\n" << opts;
  return out.str();
}

int Program::UsageError(const std::string& where,
                        const std::string& message) const {
  std::fprintf(stderr, "%s%s: %s\nTry '%s%s --help'.\n", program_.c_str(),
               where.empty() ? "" : (" " + where).c_str(),
               common::Printable(message, 400).c_str(), program_.c_str(),
               where.empty() ? "" : (" " + where).c_str());
  return 2;
}

int Program::Main(int argc, char** argv) const {
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty()) {
    std::string text = Overview();
    std::fwrite(text.data(), 1, text.size(), stderr);
    return 2;
  }
  if (words[0] == "--version") words[0] = "version";
  if (words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
    // "help COMMAND..." shows that command's help.
    std::vector<std::string> rest(words.begin() + 1, words.end());
    if (rest.empty()) {
      std::string text = Overview();
      std::fwrite(text.data(), 1, text.size(), stdout);
      return 0;
    }
    rest.push_back("--help");
    words = rest;
  }
  // The longest command name made of the leading words.
  const Command* chosen = nullptr;
  std::size_t used = 0;
  for (const auto& c : commands_) {
    std::istringstream name(c.name);
    std::string part;
    std::size_t n = 0;
    bool match = true;
    while (name >> part) {
      if (n >= words.size() || words[n] != part) {
        match = false;
        break;
      }
      ++n;
    }
    if (match && n > used) {
      chosen = &c;
      used = n;
    }
  }
  if (chosen == nullptr) {
    // A group word alone ("tenant") or with --help lists its commands.
    std::string group = words[0];
    std::string listing;
    for (const auto& c : commands_) {
      if (c.name.starts_with(group + " ")) {
        listing += "  " + program_ + " " + c.name + " " + c.synopsis + "\n";
      }
    }
    if (!listing.empty()) {
      bool help =
          words.size() > 1 && (words[1] == "--help" || words[1] == "-h");
      std::fprintf(help ? stdout : stderr, "Usage:\n%s", listing.c_str());
      if (!help && words.size() > 1) {
        return UsageError(group, "unknown subcommand '" + words[1] + "'");
      }
      return help ? 0 : 2;
    }
    return UsageError("", "unknown command '" + words[0] + "'");
  }
  std::vector<std::string> rest(words.begin() + static_cast<long>(used),
                                words.end());
  // --help wins over anything else on the line, even a bad value.
  for (const auto& w : rest) {
    if (w == "--") break;
    if (w == "--help" || w == "-h") {
      std::string text = CommandHelp(*chosen);
      std::fwrite(text.data(), 1, text.size(), stdout);
      return 0;
    }
  }
  po::options_description opts;
  if (chosen->options) chosen->options(opts);
  if (common_options_) common_options_(opts);
  opts.add_options()("help,h", "");
  po::options_description all;
  all.add(opts);
  all.add_options()("surveyor-args", po::value<std::vector<std::string>>(), "");
  po::positional_options_description pos;
  pos.add("surveyor-args", -1);
  Invocation inv;
  try {
    po::store(po::command_line_parser(rest)
                  .options(all)
                  .positional(pos)
                  .style(po::command_line_style::unix_style &
                         ~po::command_line_style::allow_guessing)
                  .run(),
              inv.vm);
    po::notify(inv.vm);
  } catch (const po::unknown_option& e) {
    return UsageError(chosen->name,
                      "unknown option '" + e.get_option_name() + "'");
  } catch (const po::error& e) {
    return UsageError(chosen->name, e.what());
  }
  if (inv.vm.count("surveyor-args")) {
    inv.args = inv.vm["surveyor-args"].as<std::vector<std::string>>();
  }
  int n = static_cast<int>(inv.args.size());
  if (n < chosen->min_args) {
    std::string missing;
    for (std::size_t i = inv.args.size(); i < chosen->positional.size(); ++i) {
      missing += (missing.empty() ? "" : " ") + chosen->positional[i];
    }
    return UsageError(chosen->name,
                      "missing " + (missing.empty() ? "arguments" : missing));
  }
  if (chosen->max_args >= 0 && n > chosen->max_args) {
    return UsageError(chosen->name,
                      "unexpected argument '" +
                          inv.args[static_cast<std::size_t>(chosen->max_args)] +
                          "'");
  }
  return chosen->run(inv);
}

}  // namespace surveyor::common::cli
