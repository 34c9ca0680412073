// Starts tests/fixtures/saas/fixture_server.py (HTTPS on loopback with the
// certificate in DIR/tls) for the SaaS tests, and writes the agent's
// saas_connectors for it (Microsoft 365 and Slack, secrets 0600).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "tests/agent/run_process.h"

namespace surveyor::testing {

struct SaasFixture {
  int pid = -1;
  std::string port;
};

inline SaasFixture StartSaasFixture(const std::filesystem::path& dir,
                                    const std::string& scenario) {
  namespace fs = std::filesystem;
  SaasFixture f;
  f.pid = SpawnBackground(
      {"/usr/bin/python3",
       std::string(SURVEYOR_SOURCE_DIR) +
           "/tests/fixtures/saas/fixture_server.py",
       (dir / "tls/server.crt").string(), (dir / "tls/server.key").string(),
       (dir / "saas-port").string(), (dir / "requests.log").string(), scenario},
      (dir / "fixture.log").string());
  for (int i = 0; i < 300 && !fs::exists(dir / "saas-port"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(fs::exists(dir / "saas-port")) << Slurp(dir / "fixture.log");
  f.port = Slurp(dir / "saas-port");
  return f;
}

// The two connectors' configuration lines, their secrets written beside.
inline std::string SaasConnectors(const std::filesystem::path& dir,
                                  const SaasFixture& f) {
  namespace fs = std::filesystem;
  for (const auto& [name, value] : {std::pair{"graph.secret", "graph-secret"},
                                    std::pair{"slack.token", "xoxp-fixture"}}) {
    std::ofstream(dir / name) << value << "\n";
    fs::permissions(dir / name, fs::perms(0600));
  }
  const std::string base = "https://localhost:" + f.port;
  const std::string ca = (dir / "tls/server.crt").string();
  return "saas_connectors { vendor: \"microsoft365\" name: \"acme-m365\" "
         "tenant_id: \"contoso\" client_id: \"app\" secret_file: \"" +
         (dir / "graph.secret").string() + "\" base_url: \"" + base +
         "\" token_url: \"" + base +
         "/contoso/oauth2/v2.0/token\" ca_file: \"" + ca +
         "\" }\nsaas_connectors { vendor: \"slack\" name: \"acme-slack\" "
         "secret_file: \"" +
         (dir / "slack.token").string() + "\" base_url: \"" + base +
         "\" ca_file: \"" + ca + "\" }\n";
}

}  // namespace surveyor::testing
