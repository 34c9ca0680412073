// A real SMTP server for tests: tests/fixtures/smtp/smtp_server.py
// (aiosmtpd, STARTTLS required unless --no-tls, AUTH when --user is given)
// started in the background; it writes each accepted message to DIR/N.eml
// and its envelope to DIR/N.json.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "tests/agent/run_process.h"

namespace surveyor::testing {

// Waits up to `seconds` for `path` to exist.
inline bool WaitForFile(const std::filesystem::path& path, int seconds) {
  for (int i = 0; i < seconds * 20; ++i) {
    if (std::filesystem::exists(path)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return std::filesystem::exists(path);
}

// Starts the server with the certificate and key in `tls` (server.crt,
// server.key); returns its port (0 when it did not come up) and its pid.
inline int StartSmtp(const std::string& source_dir,
                     const std::filesystem::path& dir,
                     const std::filesystem::path& tls,
                     const std::vector<std::string>& extra, pid_t* pid) {
  std::filesystem::create_directories(dir);
  std::vector<std::string> argv = {
      "/usr/bin/python3",
      source_dir + "/tests/fixtures/smtp/smtp_server.py",
      "--dir",
      dir.string(),
      "--port-file",
      (dir / "port").string(),
      "--cert",
      (tls / "server.crt").string(),
      "--key",
      (tls / "server.key").string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  *pid = SpawnBackground(argv, (dir / "smtp.log").string());
  if (!WaitForFile(dir / "port", 20)) return 0;
  return std::stoi(Slurp(dir / "port"));
}

}  // namespace surveyor::testing
