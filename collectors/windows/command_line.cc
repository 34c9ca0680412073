#include "collectors/windows/command_line.h"

namespace surveyor::collectors::windows {

std::string QuoteArgument(std::string_view argument) {
  if (!argument.empty() &&
      argument.find_first_of(" \t\n\v\"") == std::string_view::npos) {
    return std::string(argument);
  }
  std::string out = "\"";
  std::size_t backslashes = 0;
  for (char c : argument) {
    if (c == '\\') {
      ++backslashes;
      continue;
    }
    if (c == '"') {
      // Backslashes before a quote are escapes: double them, escape it.
      out.append(backslashes * 2 + 1, '\\');
    } else {
      out.append(backslashes, '\\');
    }
    backslashes = 0;
    out.push_back(c);
  }
  // Before the closing quote, too.
  out.append(backslashes * 2, '\\');
  out.push_back('"');
  return out;
}

std::string CommandLine(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& a : argv) {
    if (!out.empty()) out.push_back(' ');
    out += QuoteArgument(a);
  }
  return out;
}

}  // namespace surveyor::collectors::windows
