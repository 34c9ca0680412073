// The agent binary refusing careless configurations with a message that
// says what to fix, and make-cert.sh keeping an existing key: real
// processes, real files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/agent/run_process.h"

namespace surveyor {
namespace {

namespace fs = std::filesystem;
using testing::ProcessResult;
using testing::RunProcess;

const std::string kAgent = SURVEYOR_AGENT_BIN;
const std::string kFixtures = SURVEYOR_FIXTURES;
const std::string kSource = SURVEYOR_SOURCE_DIR;

class AgentConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("surveyor-agent-config-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Config(const std::string& extra) {
    std::ofstream(dir_ / "secret") << "sse_x\n";
    fs::permissions(dir_ / "secret", fs::perms(0600));
    fs::path p = dir_ / "agent.textproto";
    std::ofstream(p) << "server { url: \"https://127.0.0.1:1\" "
                     << "enroll_secret_file: \"" << (dir_ / "secret").string()
                     << "\" connect_timeout_seconds: 1 }\n"
                     << "state_dir: \"" << (dir_ / "state").string() << "\"\n"
                     << extra;
    return p;
  }

  fs::path dir_;
};

TEST_F(AgentConfigTest, ADirectoryIsNoConfiguration) {
  ProcessResult r =
      RunProcess({kAgent, "run", "--once", "--config", dir_.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is a directory, not a configuration file"),
            std::string::npos)
      << r.err;
}

TEST_F(AgentConfigTest, UnknownCollectorInAnIntervalIsAConfigError) {
  fs::path c =
      Config("collect_interval_seconds { key: \"softwre\" value: 60 }\n");
  ProcessResult r = RunProcess({kAgent, "run", "--once", "--config", c});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("collect_interval_seconds: unknown collector "
                       "'softwre' (known: "),
            std::string::npos)
      << r.err;
}

TEST_F(AgentConfigTest, SaasConnectorsAreCheckedBeforeAnyRun) {
  struct Case {
    std::string text, message;
  } cases[] = {
      {"saas_connectors { vendor: \"box\" name: \"z\" secret_file: \"/s\" }",
       "saas_connectors[0]: vendor 'box' is not one of microsoft365, slack, "
       "zoom, github, okta, google-workspace, dropbox, atlassian, jira, "
       "salesforce, adobe"},
      {"saas_connectors { vendor: \"zoom\" name: \"z\" secret_file: \"/s\" }",
       "saas_connectors[0]: zoom needs client_id and account"},
      {"saas_connectors { vendor: \"github\" name: \"g\" secret_file: \"/s\" }",
       "saas_connectors[0]: github needs account"},
      {"saas_connectors { vendor: \"okta\" name: \"o\" secret_file: \"/s\" }",
       "saas_connectors[0]: okta needs base_url"},
      {"saas_connectors { vendor: \"slack\" secret_file: \"/s\" }",
       "saas_connectors[0]: name is required and must be unique"},
      {"saas_connectors { vendor: \"slack\" name: \"a\" secret_file: \"/s\" }\n"
       "saas_connectors { vendor: \"slack\" name: \"a\" secret_file: \"/s\" }",
       "saas_connectors[1]: name is required and must be unique"},
      {"saas_connectors { vendor: \"slack\" name: \"a\" }",
       "saas_connectors[0]: secret_file is required"},
      {"saas_connectors { vendor: \"slack\" name: \"a\" secret_file: "
       "\"/s\" interval_seconds: 60 }",
       "saas_connectors[0]: interval_seconds must be 0 or at least 300"},
      {"saas_connectors { vendor: \"microsoft365\" name: \"m\" "
       "secret_file: \"/s\" tenant_id: \"t\" }",
       "saas_connectors[0]: microsoft365 needs client_id"},
  };
  for (const auto& c : cases) {
    ProcessResult r = RunProcess({kAgent, "collect", "--only", "saas",
                                  "--config", Config(c.text + "\n")});
    EXPECT_EQ(r.exit_code, 2) << c.text;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
}

TEST_F(AgentConfigTest, CollectHonoursTheRootOfItsConfiguration) {
  fs::path c = Config("root: \"" + kFixtures + "/roots/debian-desktop\"\n");
  ProcessResult r = RunProcess(
      {kAgent, "collect", "--config", c, "--only", "host", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0f2c3a6a9b8e4d6e8a1b2c3d4e5f6a7b"), std::string::npos)
      << r.out.substr(0, 400);
}

TEST_F(AgentConfigTest, SecretReadableByOthersIsWarnedAbout) {
  fs::path c = Config("");
  fs::permissions(dir_ / "secret", fs::perms(0644));
  ProcessResult r = RunProcess({kAgent, "run", "--once", "--config", c});
  EXPECT_NE(r.err.find("is readable by other users"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("chmod 600"), std::string::npos) << r.err;
}

TEST_F(AgentConfigTest, MakeCertKeepsAnExistingKeyUnlessForced) {
  const std::string script = kSource + "/install/make-cert.sh";
  ASSERT_EQ(
      RunProcess({"/bin/bash", script, (dir_ / "tls").string()}).exit_code, 0);
  const std::string key = testing::Slurp((dir_ / "tls/server.key").string());
  ProcessResult again =
      RunProcess({"/bin/bash", script, (dir_ / "tls").string()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("server.key exists"), std::string::npos)
      << again.err;
  EXPECT_EQ(testing::Slurp((dir_ / "tls/server.key").string()), key);
  ProcessResult forced =
      RunProcess({"/bin/bash", script, "--force", (dir_ / "tls").string()});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(testing::Slurp((dir_ / "tls/server.key").string()), key);
}

TEST_F(AgentConfigTest, StatusShowsAFailedRunAndACorruptState) {
  fs::path c = Config("root: \"" + kFixtures + "/roots/debian-desktop\"\n");
  // No server: the run fails, and status says so (not "Last error none").
  EXPECT_EQ(RunProcess({kAgent, "run", "--once", "--config", c}).exit_code, 1);
  ProcessResult st = RunProcess({kAgent, "status", "--config", c});
  EXPECT_EQ(st.exit_code, 1);
  EXPECT_NE(st.out.find("Last failure   "), std::string::npos) << st.out;
  EXPECT_NE(st.out.find("Couldn't connect"), std::string::npos) << st.out;
  // A corrupt agent.db: the run fails on it, status names it and what to do.
  std::ofstream(dir_ / "state/agent.db", std::ios::trunc) << "garbage";
  EXPECT_NE(RunProcess({kAgent, "run", "--once", "--config", c}).exit_code, 0);
  st = RunProcess({kAgent, "status", "--config", c});
  EXPECT_EQ(st.exit_code, 2);
  EXPECT_NE(st.out.find("Outbox         unreadable"), std::string::npos)
      << st.out;
  EXPECT_NE(
      st.out.find("move " + (dir_ / "state").string() + "/agent.db aside"),
      std::string::npos);
  EXPECT_NE(st.out.find("file is not a database"), std::string::npos);
  // A malformed node key file says what to do.
  fs::remove(dir_ / "state/agent.db");
  RunProcess({kAgent, "run", "--once", "--config", c});  // A new agent.db.
  std::ofstream(dir_ / "state/node_key") << "only-one-line\n";
  st = RunProcess({kAgent, "status", "--config", c});
  EXPECT_NE(st.out.find("remove the file and the agent enrolls again"),
            std::string::npos)
      << st.out << st.err;
}

TEST_F(AgentConfigTest, ConfigureThenStatusThenPurge) {
  const fs::path etc = dir_ / "etc";
  const fs::path config = etc / "agent.textproto";
  std::ofstream(dir_ / "given-secret") << "sse_given\n";
  // configure checks the CA file is PEM, not whom it names.
  std::ofstream(dir_ / "ca.pem")
      << "-----BEGIN CERTIFICATE-----\n"
      << "MIIBdzCCAR2gAwIBAgIUBVbBeJn7bU4wT2m8tV9lYbKz0yMwCgYIKoZIzj0EAwIw\n"
      << "-----END CERTIFICATE-----\n";
  ProcessResult wrote =
      RunProcess({kAgent, "configure", "--config", config.string(),
                  "--server-url", "https://127.0.0.1:1", "--enroll-secret-file",
                  (dir_ / "given-secret").string(), "--ca-file",
                  (dir_ / "ca.pem").string()});
  ASSERT_EQ(wrote.exit_code, 0) << wrote.err;
  EXPECT_NE(wrote.out.find("Wrote " + config.string()), std::string::npos)
      << wrote.out;
  EXPECT_EQ(fs::status(etc).permissions() & fs::perms::all, fs::perms(0700));
  EXPECT_EQ(fs::status(etc / "enroll_secret").permissions() & fs::perms::all,
            fs::perms(0600));
  // The configuration names the state directory of this test, as an
  // administrator would add; the agent loads it as written and gets as far
  // as the state, which no run has made yet.
  std::ofstream(config, std::ios::app)
      << "state_dir: \"" << (dir_ / "state").string() << "\"\n";
  ProcessResult status =
      RunProcess({kAgent, "status", "--config", config.string()});
  EXPECT_NE(status.err.find("has the agent run yet?"), std::string::npos)
      << status.out << status.err;

  ProcessResult kept = RunProcess(
      {kAgent, "configure", "--config", config.string(), "--server-url", ""});
  EXPECT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_NE(kept.out.find("Kept"), std::string::npos) << kept.out;

  ProcessResult unasked =
      RunProcess({kAgent, "purge", "--config", config.string()});
  EXPECT_EQ(unasked.exit_code, 2);
  EXPECT_NE(unasked.err.find("--yes"), std::string::npos) << unasked.err;
  EXPECT_TRUE(fs::exists(config));

  fs::create_directories(dir_ / "state");
  std::ofstream(dir_ / "state" / "identity.key") << "k";
  ProcessResult purged =
      RunProcess({kAgent, "purge", "--yes", "--config", config.string()});
  EXPECT_EQ(purged.exit_code, 0) << purged.err;
  EXPECT_FALSE(fs::exists(etc)) << purged.out;
  EXPECT_FALSE(fs::exists(dir_ / "state")) << purged.out;
  EXPECT_TRUE(fs::exists(dir_ / "given-secret"));  // Not the agent's.
}

TEST_F(AgentConfigTest, ConfigureReadsTheSecretFromStandardInput) {
  const fs::path config = dir_ / "etc" / "agent.textproto";
  ProcessResult piped =
      RunProcess({"/bin/sh", "-c",
                  "printf 'sse_piped\\r\\n' | \"$0\" configure --config \"$1\" "
                  "--server-url https://a.example --enroll-secret-stdin",
                  kAgent, config.string()});
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  std::ifstream secret(dir_ / "etc" / "enroll_secret");
  std::string line;
  std::getline(secret, line);
  EXPECT_EQ(line, "sse_piped");
  ProcessResult empty =
      RunProcess({"/bin/sh", "-c",
                  "\"$0\" configure --config \"$1\" --server-url "
                  "https://a.example --enroll-secret-stdin < /dev/null",
                  kAgent, (dir_ / "other" / "agent.textproto").string()});
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("no secret on standard input"), std::string::npos)
      << empty.err;
}

TEST_F(AgentConfigTest, ConfigureRefusesWithoutWritingAnything) {
  const fs::path config = dir_ / "etc" / "agent.textproto";
  ProcessResult plain = RunProcess(
      {kAgent, "configure", "--config", config.string(), "--server-url",
       "http://plain.example", "--enroll-secret", "sse_x"});
  EXPECT_EQ(plain.exit_code, 2);
  EXPECT_NE(plain.err.find("https://"), std::string::npos) << plain.err;
  ProcessResult both =
      RunProcess({kAgent, "configure", "--config", config.string(),
                  "--server-url", "https://a.example", "--enroll-secret",
                  "sse_x", "--enroll-secret-file", (dir_ / "none").string()});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("not several"), std::string::npos) << both.err;
  ProcessResult nothing =
      RunProcess({kAgent, "configure", "--config", config.string()});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_NE(nothing.err.find("--server-url"), std::string::npos) << nothing.err;
  EXPECT_FALSE(fs::exists(dir_ / "etc"));
}

}  // namespace
}  // namespace surveyor
