// Starts tests/fixtures/saas/fixture_server.py (HTTPS on loopback with the
// certificate in DIR/tls) for the SaaS tests, and writes the agent's
// saas_connectors for it (secrets 0600).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

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

// The configuration lines of the connectors for `vendors` (default
// Microsoft 365 and Slack; also "zoom", "github", "okta"), their secrets
// written beside, 0600.
inline std::string SaasConnectors(const std::filesystem::path& dir,
                                  const SaasFixture& f,
                                  const std::vector<std::string>& vendors = {
                                      "microsoft365", "slack"}) {
  namespace fs = std::filesystem;
  const std::string base = "https://localhost:" + f.port;
  const std::string ca = (dir / "tls/server.crt").string();
  struct Vendor {
    std::string name, secret, params;
  };
  const std::map<std::string, Vendor> known = {
      {"microsoft365",
       {"acme-m365", "graph-secret",
        "tenant_id: \"contoso\" client_id: \"app\" base_url: \"" + base +
            "\" token_url: \"" + base + "/contoso/oauth2/v2.0/token\""}},
      {"slack", {"acme-slack", "xoxp-fixture", "base_url: \"" + base + "\""}},
      {"zoom",
       {"acme-zoom", "zoom-secret",
        "client_id: \"zoom-client\" account: \"acme-account\" base_url: \"" +
            base + "\" token_url: \"" + base + "/zoom/oauth/token\""}},
      {"github",
       {"acme-github", "ghp_fixture",
        "account: \"acme\" base_url: \"" + base + "\""}},
      {"okta", {"acme-okta", "okta-fixture", "base_url: \"" + base + "\""}},
  };
  std::string out;
  for (const auto& v : vendors) {
    const Vendor& c = known.at(v);
    const fs::path secret = dir / (v + ".secret");
    std::ofstream(secret) << c.secret << "\n";
    fs::permissions(secret, fs::perms(0600));
    out += "saas_connectors { vendor: \"" + v + "\" name: \"" + c.name +
           "\" secret_file: \"" + secret.string() + "\" " + c.params +
           " ca_file: \"" + ca + "\" }\n";
  }
  return out;
}

}  // namespace surveyor::testing
