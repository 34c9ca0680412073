// CommandRunner: the only way a collector runs an external program.
//
// Commands run as argv (never through a shell), only from an allowlist of
// absolute paths, with a minimal environment (PATH, LC_ALL=C) plus what the
// caller adds, a timeout after which the whole process group is killed, and a
// cap on captured output after which the process is killed too. A program that
// is not installed is kNotFound ("not installed"), which collectors treat as
// an absent source, not an error. Secrets go in through files or environment
// variables naming files, never argv; argv is logged at debug level, the
// environment never is.
//
// ProcessRunner is thread-compatible: one Run at a time per object. Tests use
// a fake implementing the same interface.
#pragma once

#include <chrono>
#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace surveyor::collectors {

struct CommandOptions {
  std::chrono::milliseconds timeout{30'000};
  std::size_t max_output = 8u << 20;  // Bytes of stdout (stderr: 64 KiB).
  std::vector<std::string> env;       // Extra "NAME=value" entries.
};

struct CommandResult {
  int exit_code = -1;  // -1 when killed by a signal.
  std::string out;
  std::string err;
};

class CommandRunner {
 public:
  virtual ~CommandRunner() = default;

  // Runs argv[0] (an absolute path) with the rest as arguments. Errors:
  // kNotFound when argv[0] does not exist; kPermissionDenied when it is not
  // allowlisted; kResourceExhausted when it timed out or printed more than
  // max_output (the message says which); kIo when it could not be started.
  // A non-zero exit code is not an error: the caller reads exit_code.
  virtual std::expected<CommandResult, common::Error> Run(
      const std::vector<std::string>& argv, const CommandOptions& options) = 0;
};

class ProcessRunner : public CommandRunner {
 public:
  explicit ProcessRunner(std::vector<std::string> allowlist)
      : allowlist_(std::move(allowlist)) {}

  std::expected<CommandResult, common::Error> Run(
      const std::vector<std::string>& argv,
      const CommandOptions& options) override;

  // The programs the builtin collectors may run.
  static std::vector<std::string> DefaultAllowlist();

 private:
  std::vector<std::string> allowlist_;
};

}  // namespace surveyor::collectors
