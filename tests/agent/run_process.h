// Runs a program with arguments (no shell) and captures its exit code,
// standard output and standard error, and small helpers around them. For
// integration tests.
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

// Starts a program in the background with stdout and stderr appended to
// `log_path`; returns its pid (-1 on failure). The caller reaps it with
// StopProcess.
int SpawnBackground(const std::vector<std::string>& argv,
                    const std::string& log_path);

// Sends `signal` to pid and waits for it to exit.
void StopProcess(int pid, int signal);

// A whole file's bytes ("" when it cannot be read).
std::string Slurp(const std::string& path);

// The last word of a command's output: the secret or token an admin
// command prints at the end of its line.
std::string LastWord(const std::string& output);

}  // namespace surveyor::testing
