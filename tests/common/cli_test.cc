// The shared command-line parser: help, strict values, refusals.
#include "common/cli.h"

#include <gtest/gtest.h>

namespace surveyor::common::cli {
namespace {

struct Outcome {
  int code;
  std::string out, err;
};

Outcome Invoke(const Program& p, std::vector<std::string> args) {
  std::vector<char*> argv = {const_cast<char*>("prog")};
  for (auto& a : args) argv.push_back(a.data());
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  int code = p.Main(static_cast<int>(argv.size()), argv.data());
  std::string out = ::testing::internal::GetCapturedStdout();
  std::string err = ::testing::internal::GetCapturedStderr();
  return {code, out, err};
}

class CliTest : public ::testing::Test {
 protected:
  CliTest() : program_("prog", "Does things.\n") {
    program_.Add({"serve",
                  "[options]",
                  "Serve.",
                  "Details here.\n",
                  [](po::options_description& o) {
                    o.add_options()("port", po::value<Uint>(), "Port.")(
                        "offset", po::value<Int>(), "Offset.")("flag",
                                                               "A flag.");
                  },
                  {},
                  0,
                  0,
                  [this](const Invocation& in) {
                    port_ = in.GetUint("port", 7);
                    offset_ = in.GetInt("offset", 0);
                    flag_ = in.Flag("flag");
                    return 0;
                  }});
    program_.Add({"tenant add",
                  "NAME",
                  "Add.",
                  "",
                  {},
                  {"NAME"},
                  1,
                  1,
                  [this](const Invocation& in) {
                    name_ = in.args[0];
                    return 0;
                  }});
  }
  Program program_;
  std::uint64_t port_ = 0;
  std::int64_t offset_ = 0;
  bool flag_ = false;
  std::string name_;
};

TEST_F(CliTest, EveryCommandAnswersHelp) {
  for (auto args : std::vector<std::vector<std::string>>{
           {"--help"},
           {"help"},
           {"serve", "--help"},
           {"serve", "-h"},
           {"tenant", "add", "--help"},
           {"help", "serve"},
           {"tenant", "--help"},
           {"serve", "--port", "bad", "--help"}}) {
    Outcome r = Invoke(program_, args);
    EXPECT_EQ(r.code, 0) << args[0] << " " << r.err;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << r.out;
  }
  Outcome r = Invoke(program_, {"serve", "--help"});
  EXPECT_NE(r.out.find("--port"), std::string::npos);
  EXPECT_NE(r.out.find("Details here."), std::string::npos);
}

TEST_F(CliTest, ValuesAreStrict) {
  EXPECT_EQ(
      Invoke(program_, {"serve", "--port", "8443", "--offset", "-5", "--flag"})
          .code,
      0);
  EXPECT_EQ(port_, 8443u);
  EXPECT_EQ(offset_, -5);
  EXPECT_TRUE(flag_);
  EXPECT_EQ(Invoke(program_, {"serve", "--port=9"}).code, 0);
  EXPECT_EQ(port_, 9u);
  for (const char* bad :
       {"10abc", "-1", "", " 5", "18446744073709551616", "0x10"}) {
    Outcome r = Invoke(program_, {"serve", "--port", bad});
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_NE(r.err.find("--port"), std::string::npos) << r.err;
    if (*bad != '\0') {
      EXPECT_NE(r.err.find("'" + std::string(bad) + "'"), std::string::npos)
          << r.err;
    }
  }
}

TEST_F(CliTest, RefusesWhatACommandDoesNotTake) {
  struct Case {
    std::vector<std::string> args;
    const char* message;
  } cases[] = {
      {{"serve", "--listen", "1.2.3.4:5"}, "unknown option '--listen'"},
      {{"serve", "extra"}, "unexpected argument 'extra'"},
      {{"tenant", "add"}, "missing NAME"},
      {{"tenant", "add", "a", "b"}, "unexpected argument 'b'"},
      {{"tenant", "remove", "a"}, "unknown subcommand 'remove'"},
      {{"frobnicate"}, "unknown command 'frobnicate'"},
      {{"serve", "--port"}, "--port"},
      {{"serve", "--po", "5"}, "unknown option '--po'"},  // No guessing.
      {{"serve", "--\x1b[2J"}, "\\x1b[2J"},
  };
  for (const auto& c : cases) {
    Outcome r = Invoke(program_, c.args);
    EXPECT_EQ(r.code, 2) << c.message;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos);
  }
  EXPECT_EQ(Invoke(program_, {}).code, 2);
  EXPECT_EQ(Invoke(program_, {"tenant", "add", "dental"}).code, 0);
  EXPECT_EQ(name_, "dental");
}

}  // namespace
}  // namespace surveyor::common::cli

namespace surveyor::common::cli {
namespace {

TEST(CliCommaListTest, NonEmptyItemsInOrder) {
  Program p("prog", "Does things.\n");
  std::vector<std::string> got;
  p.Add({"pick",
         "",
         "Pick.",
         "",
         [](po::options_description& o) {
           o.add_options()("only", po::value<std::string>(), "List.");
         },
         {},
         0,
         0,
         [&](const Invocation& in) {
           got = in.GetCommaList("only");
           return 0;
         }});
  EXPECT_EQ(Invoke(p, {"pick", "--only", ",host,,software,"}).code, 0);
  EXPECT_EQ(got, (std::vector<std::string>{"host", "software"}));
  EXPECT_EQ(Invoke(p, {"pick"}).code, 0);
  EXPECT_TRUE(got.empty());
}

}  // namespace
}  // namespace surveyor::common::cli
