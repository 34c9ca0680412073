// agent/configure.h on a real file system, in a temporary directory (both
// builds; on Windows under Wine).
#include "agent/configure.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "agent/agent_config.h"

namespace surveyor::agent {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSecret = "Zr8sQ2vWk4";
// Any certificate will do: configure checks it is PEM, not whom it names.
constexpr const char* kCaPem =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBdzCCAR2gAwIBAgIUBVbBeJn7bU4wT2m8tV9lYbKz0yMwCgYIKoZIzj0EAwIw\n"
    "-----END CERTIFICATE-----\n";

class ConfigureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("surveyor-configure-" + std::to_string(std::random_device{}()));
    fs::create_directories(root_);
    dir_ = (root_ / "Surveyor").string();
    config_ = (root_ / "Surveyor" / "agent.textproto").string();
    ca_ = (root_ / "ca.pem").string();
    Write(ca_, kCaPem);
  }
  void TearDown() override { fs::remove_all(root_); }

  static std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static void Write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }
  ConfigureRequest Request() const {
    return {config_, "https://surveyor.msp.example:8443", kSecret, ca_};
  }

  fs::path root_;
  std::string dir_, config_, ca_;
};

TEST_F(ConfigureTest, WritesAConfigurationTheAgentLoads) {
  auto result = ConfigureAgent(Request());
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(*result, ConfigureResult::kWritten);

  auto config = LoadRunConfig(config_);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->server().url(), "https://surveyor.msp.example:8443");
  EXPECT_EQ(fs::path(config->server().enroll_secret_file()),
            fs::path(dir_) / "enroll_secret");
  EXPECT_EQ(fs::path(config->server().ca_file()),
            fs::path(dir_) / "server-ca.pem");
  EXPECT_EQ(Read(config->server().enroll_secret_file()),
            std::string(kSecret) + "\n");
  EXPECT_EQ(Read(config->server().ca_file()), kCaPem);
  // The secret is in its own file only.
  EXPECT_EQ(Read(config_).find(kSecret), std::string::npos);
}

TEST_F(ConfigureTest, WithoutAServerUrlKeepsWhatIsThere) {
  ASSERT_TRUE(ConfigureAgent(Request()));
  const std::string before = Read(config_);
  fs::remove(ca_);  // An installer's temporary copy, gone.

  auto kept = ConfigureAgent({config_, "", "", ""});
  ASSERT_TRUE(kept) << kept.error().message;
  EXPECT_EQ(*kept, ConfigureResult::kKept);
  EXPECT_EQ(Read(config_), before);
  EXPECT_EQ(Read(fs::path(dir_) / "enroll_secret"),
            std::string(kSecret) + "\n");
}

TEST_F(ConfigureTest, ANewServerUrlKeepsTheSecretAndCaAlreadyThere) {
  ASSERT_TRUE(ConfigureAgent(Request()));
  auto result = ConfigureAgent({config_, "https://new.example", "", ""});
  ASSERT_TRUE(result) << result.error().message;
  auto config = LoadRunConfig(config_);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->server().url(), "https://new.example");
  EXPECT_EQ(Read(config->server().enroll_secret_file()),
            std::string(kSecret) + "\n");
  EXPECT_EQ(Read(config->server().ca_file()), kCaPem);
}

TEST_F(ConfigureTest, AnotherServerKeepsTheOtherSettings) {
  fs::create_directories(dir_);
  Write(config_,
        "server { url: \"https://old.example\" request_timeout_seconds: 90 }\n"
        "state_dir: \"D:/agent-state\"\n"
        "default_interval_seconds: 7200\n");
  auto result = ConfigureAgent(Request());
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(*result, ConfigureResult::kUpdated);
  auto config = LoadAgentConfig(config_);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->server().url(), "https://surveyor.msp.example:8443");
  EXPECT_EQ(config->server().request_timeout_seconds(), 90u);
  EXPECT_EQ(config->state_dir(), "D:/agent-state");
  EXPECT_EQ(config->default_interval_seconds(), 7200u);
  EXPECT_EQ(fs::path(config->server().enroll_secret_file()),
            fs::path(dir_) / "enroll_secret");
}

TEST_F(ConfigureTest, AConfigurationThatDoesNotLoadIsReplaced) {
  fs::create_directories(dir_);
  Write(config_, "server { url: \n");
  auto result = ConfigureAgent(Request());
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(*result, ConfigureResult::kReplaced);
  auto config = LoadRunConfig(config_);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->server().url(), "https://surveyor.msp.example:8443");
}

TEST_F(ConfigureTest, NothingToKeepAndNothingGivenIsRefused) {
  auto result = ConfigureAgent({config_, "", "", ""});
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("SERVER_URL"), std::string::npos)
      << result.error().message;
  auto no_secret = ConfigureAgent({config_, "https://a.example", "", ""});
  ASSERT_FALSE(no_secret);
  EXPECT_NE(no_secret.error().message.find("ENROLL_SECRET"), std::string::npos);
  EXPECT_FALSE(fs::exists(config_));
}

TEST_F(ConfigureTest, BadInputIsRefusedAndNothingIsWritten) {
  struct Case {
    ConfigureRequest request;
    const char* says;
  };
  const std::string not_pem = (root_ / "not.pem").string();
  Write(not_pem, "hello\n");
  const Case cases[] = {
      {{config_, "http://plain.example", kSecret, ""}, "https://"},
      {{config_, "https://", kSecret, ""}, "name a host"},
      {{config_, "https://a.example\n\x1b[31m", kSecret, ""}, "control"},
      {{config_, "https://a.example\" ca_file: \"x", kSecret, ""}, "quotes"},
      {{config_, "https://a.example", "two words", ""}, "space"},
      {{config_, "https://a.example", "line\r\nbreak", ""}, "control"},
      {{config_, "https://a.example", "sse_a\"--x", ""}, "quote"},
      {{config_, "https://a.example", kSecret, (root_ / "none").string()},
       "cannot be read"},
      {{config_, "https://a.example", kSecret, not_pem}, "no PEM certificate"},
  };
  for (const auto& c : cases) {
    auto result = ConfigureAgent(c.request);
    ASSERT_FALSE(result) << c.says;
    EXPECT_NE(result.error().message.find(c.says), std::string::npos)
        << result.error().message;
    EXPECT_EQ(result.error().message.find('\x1b'), std::string::npos);
    if (!c.request.enroll_secret.empty() &&
        c.request.enroll_secret != kSecret) {
      EXPECT_EQ(result.error().message.find(c.request.enroll_secret),
                std::string::npos)
          << "the secret was quoted back";
    }
    EXPECT_FALSE(fs::exists(dir_)) << c.says;
  }
}

TEST_F(ConfigureTest, PurgeRemovesWhatTheAgentWroteAndNothingElse) {
  ASSERT_TRUE(ConfigureAgent(Request()));
  const fs::path state = root_ / "state";
  fs::create_directories(state);
  for (const char* name : {"node_key", "identity.key", "agent.db",
                           "agent.db-journal", "last_failure", "agent.log"}) {
    Write(state / name, "x");
  }
  Write(state / "notes.txt", "mine");
  std::ofstream(config_, std::ios::app)
      << "state_dir: \"" << state.generic_string() << "\"\n";

  auto report = PurgeAgent(config_, (root_ / "unused").string());
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_FALSE(fs::exists(dir_));  // Configuration, secret, CA and the dir.
  EXPECT_TRUE(fs::exists(state / "notes.txt"));
  for (const char* name : {"node_key", "identity.key", "agent.db",
                           "agent.db-journal", "last_failure", "agent.log"}) {
    EXPECT_FALSE(fs::exists(state / name)) << name;
  }
  ASSERT_EQ(report->left.size(), 2u);  // notes.txt and its directory.
  EXPECT_EQ(fs::path(report->left[0]), state / "notes.txt");
  EXPECT_EQ(report->removed.size(), 10u);

  // Again: nothing left to remove is not an error.
  auto again = PurgeAgent(config_, state.string());
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->removed.empty());
}

TEST_F(ConfigureTest, PurgeOfTheDefaultLayoutRemovesTheDirectory) {
  // Windows' layout: the state in the configuration's own directory.
  ASSERT_TRUE(ConfigureAgent(Request()));
  Write(fs::path(dir_) / "identity.key", "k");
  Write(fs::path(dir_) / "agent.db", "d");
  auto report = PurgeAgent(config_, dir_);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->left.empty());
  EXPECT_FALSE(fs::exists(dir_));
}

TEST_F(ConfigureTest, PurgeRefusesAConfigurationItCannotRead) {
  fs::create_directories(dir_);
  Write(config_, "server { url: \n");
  Write(fs::path(dir_) / "identity.key", "k");
  auto report = PurgeAgent(config_, dir_);
  ASSERT_FALSE(report);
  EXPECT_TRUE(fs::exists(fs::path(dir_) / "identity.key"));
}

TEST(RenderAgentConfigTest, WindowsPathsSurviveTheTextFormat) {
  v1::AgentConfig config;
  config.mutable_server()->set_url("https://h.example");
  config.mutable_server()->set_ca_file("C:\\ProgramData\\Surveyor\\ca");
  config.mutable_server()->set_enroll_secret_file(
      "C:\\ProgramData\\Surveyor\\enroll_secret");
  const std::string text = RenderAgentConfig(config);
  auto parsed = ParseAgentConfig(text, "rendered");
  ASSERT_TRUE(parsed) << parsed.error().message << "\n" << text;
  EXPECT_EQ(parsed->server().ca_file(), "C:\\ProgramData\\Surveyor\\ca");
  EXPECT_EQ(parsed->server().enroll_secret_file(),
            "C:\\ProgramData\\Surveyor\\enroll_secret");
}

}  // namespace
}  // namespace surveyor::agent
