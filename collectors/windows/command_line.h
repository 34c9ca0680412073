// A Windows command line from argv: Windows passes a process one string,
// and the program's C runtime (CommandLineToArgvW's rules) splits it again.
// Each argument is quoted so that it comes back unchanged: spaces, tabs and
// quotes inside quotes, backslashes doubled only before a quote. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace surveyor::collectors::windows {

std::string QuoteArgument(std::string_view argument);

// The arguments quoted and joined by spaces.
std::string CommandLine(const std::vector<std::string>& argv);

}  // namespace surveyor::collectors::windows
