#include "collectors/command_runner.h"

#include <gtest/gtest.h>

#include <chrono>

namespace surveyor::collectors {
namespace {

using namespace std::chrono_literals;

TEST(CommandRunnerTest, RunsArgvWithoutAShellAndCapturesOutput) {
  ProcessRunner runner({"/bin/echo"});
  auto r = runner.Run({"/bin/echo", "a b", "$HOME;", "`id`"}, {});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_EQ(r->out, "a b $HOME; `id`\n");
}

TEST(CommandRunnerTest, MinimalEnvironmentPlusExtras) {
  ProcessRunner runner({"/usr/bin/env"});
  CommandOptions opt;
  opt.env = {"RESTIC_PASSWORD_FILE=/etc/x"};
  auto r = runner.Run({"/usr/bin/env"}, opt);
  ASSERT_TRUE(r);
  EXPECT_NE(r->out.find("LC_ALL=C\n"), std::string::npos);
  EXPECT_NE(r->out.find("RESTIC_PASSWORD_FILE=/etc/x\n"), std::string::npos);
  EXPECT_EQ(r->out.find("HOME="), std::string::npos);
}

TEST(CommandRunnerTest, NonZeroExitIsAResultNotAnError) {
  ProcessRunner runner({"/bin/false"});
  auto r = runner.Run({"/bin/false"}, {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->exit_code, 1);
}

TEST(CommandRunnerTest, MissingProgramIsNotInstalled) {
  ProcessRunner runner({"/usr/bin/surveyor-no-such-tool"});
  auto r = runner.Run({"/usr/bin/surveyor-no-such-tool"}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, common::ErrorCode::kNotFound);
}

TEST(CommandRunnerTest, OnlyAllowlistedAbsolutePaths) {
  ProcessRunner runner({"/bin/echo"});
  auto r = runner.Run({"/bin/sh", "-c", "echo hi"}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, common::ErrorCode::kPermissionDenied);
  EXPECT_FALSE(runner.Run({"echo"}, {}));
  EXPECT_FALSE(runner.Run({}, {}));
}

TEST(CommandRunnerTest, HungCommandIsKilled) {
  ProcessRunner runner({"/bin/sleep"});
  CommandOptions opt;
  opt.timeout = 200ms;
  auto start = std::chrono::steady_clock::now();
  auto r = runner.Run({"/bin/sleep", "30"}, opt);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, common::ErrorCode::kResourceExhausted);
  EXPECT_NE(r.error().message.find("timed out"), std::string::npos);
  EXPECT_LT(took, 10s);  // Bounded by the timeout, not by sleep's 30 s.
}

TEST(CommandRunnerTest, EndlessOutputIsCappedAndKilled) {
  ProcessRunner runner({"/usr/bin/yes"});
  CommandOptions opt;
  opt.max_output = 1 << 20;
  auto r = runner.Run({"/usr/bin/yes"}, opt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, common::ErrorCode::kResourceExhausted);
  EXPECT_NE(r.error().message.find("output exceeded 1048576 bytes"),
            std::string::npos);
}

}  // namespace
}  // namespace surveyor::collectors
