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
      {"dropbox", {"acme-dropbox", "sl.fixture", "base_url: \"" + base + "\""}},
      {"atlassian",
       {"acme-atlassian", "atl-fixture",
        "account: \"acme-org\" base_url: \"" + base + "\""}},
      {"jira",
       {"acme-jira", "jira-token",
        "client_id: \"admin@contoso.com\" base_url: \"" + base + "\""}},
      {"salesforce",
       {"acme-salesforce", "sf-secret",
        "client_id: \"sf-client\" base_url: \"" + base + "\""}},
      {"adobe",
       {"acme-adobe", "adobe-secret",
        "client_id: \"adobe-client\" account: \"acme@AdobeOrg\" base_url: "
        "\"" +
            base + "\" token_url: \"" + base + "/ims/token/v3\""}},
      {"google-workspace",
       {"acme-google", "",
        "account: \"contoso.com\" subject: "
        "\"admin@contoso.com\" base_url: \"" +
            base + "\" token_url: \"" + base + "/google/token\""}},
  };
  std::string out;
  for (const auto& v : vendors) {
    const Vendor& c = known.at(v);
    const fs::path secret = dir / (v + ".secret");
    if (v == "google-workspace") {
      // A service-account key as Google issues it, with a fresh RSA key
      // whose public half the fixture server checks the JWT against.
      RunProcess({"/usr/bin/openssl", "genpkey", "-algorithm", "RSA",
                  "-pkeyopt", "rsa_keygen_bits:2048", "-out",
                  (dir / "google-sa.pem").string()});
      RunProcess({"/usr/bin/openssl", "pkey", "-in",
                  (dir / "google-sa.pem").string(), "-pubout", "-out",
                  (dir / "tls/google-sa.pub").string()});
      std::string pem = Slurp(dir / "google-sa.pem"), escaped;
      for (char ch : pem)
        escaped += ch == '\n' ? std::string("\\n") : std::string(1, ch);
      std::ofstream(secret)
          << "{\n  \"type\": \"service_account\",\n  \"project_id\": "
             "\"acme-surveyor\",\n  \"private_key_id\": \"0123\",\n  "
             "\"private_key\": \""
          << escaped
          << "\",\n  \"client_email\": "
             "\"surveyor@acme-surveyor.iam.gserviceaccount.com\",\n  "
             "\"token_uri\": \"https://oauth2.googleapis.com/token\"\n}\n";
    } else {
      std::ofstream(secret) << c.secret << "\n";
    }
    fs::permissions(secret, fs::perms(0600));
    out += "saas_connectors { vendor: \"" + v + "\" name: \"" + c.name +
           "\" secret_file: \"" + secret.string() + "\" " + c.params +
           " ca_file: \"" + ca + "\" }\n";
  }
  return out;
}

}  // namespace surveyor::testing
