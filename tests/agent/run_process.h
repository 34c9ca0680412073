// Runs a program with arguments (no shell) and captures its exit code,
// standard output and standard error. For integration tests.
#pragma once

#include <string>
#include <vector>

namespace surveyor::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when it did not exit normally.
  std::string out;
  std::string err;
};

ProcessResult RunProcess(const std::vector<std::string>& argv);

}  // namespace surveyor::testing
