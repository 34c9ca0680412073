// Both real binaries: every command and subcommand answers --help with its
// options and exit 0; options a command does not take, malformed numbers and
// addresses are refused with exit 2, naming the flag and the value.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <filesystem>

#include "tests/agent/run_process.h"

namespace surveyor {
namespace {

using testing::ProcessResult;
using testing::RunProcess;

const std::string kAgent = SURVEYOR_AGENT_BIN;
const std::string kServer = SURVEYOR_SERVER_BIN;

TEST(CliHelpTest, EveryCommandAnswersHelp) {
  const std::vector<std::vector<std::string>> commands = {
      {kServer},
      {kServer, "serve"},
      {kServer, "tenant", "add"},
      {kServer, "tenant", "list"},
      {kServer, "tenant", "rotate-secret"},
      {kServer, "tenant", "rename"},
      {kServer, "tenant", "delete"},
      {kServer, "tenant"},
      {kServer, "token", "add"},
      {kServer, "findings"},
      {kServer, "products"},
      {kServer, "saas"},
      {kServer, "saas", "history"},
      {kServer, "digest", "preview"},
      {kServer, "digest", "send"},
      {kServer, "digest", "status"},
      {kServer, "evidence", "export"},
      {kServer, "evidence", "verify"},
      {kServer, "evidence", "key", "show"},
      {kServer, "host", "list"},
      {kServer, "policy", "show"},
      {kServer, "policy", "set"},
      {kServer, "contract", "show"},
      {kServer, "contract", "set"},
      {kServer, "catalog", "check"},
      {kServer, "catalog", "match"},
      {kServer, "version"},
      {kAgent},
      {kAgent, "collect"},
      {kAgent, "run"},
      {kAgent, "status"},
      {kAgent, "configure"},
      {kAgent, "purge"},
      {kAgent, "version"},
  };
  for (auto argv : commands) {
    std::string name;
    for (std::size_t i = 1; i < argv.size(); ++i) name += argv[i] + " ";
    argv.push_back("--help");
    ProcessResult r = RunProcess(argv);
    EXPECT_EQ(r.exit_code, 0) << argv[0] << " " << name << r.err;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << name << r.out;
    EXPECT_TRUE(r.err.empty()) << name << r.err;
  }
  ProcessResult serve = RunProcess({kServer, "serve", "--help"});
  for (const char* flag :
       {"--listen", "--cert", "--max-body-bytes", "--max-snapshot-bytes",
        "--store", "--read-workers", "--queue-limit", "--max-connections",
        "--max-connections-per-peer", "--handshake-timeout", "--idle-timeout",
        "--snapshots-per-host-per-hour", "--help"}) {
    EXPECT_NE(serve.out.find(flag), std::string::npos) << flag;
  }
  EXPECT_EQ(RunProcess({kServer, "--version"}).exit_code, 0);
  EXPECT_EQ(RunProcess({kAgent, "--version"}).exit_code, 0);
}

TEST(CliHelpTest, BadValuesNameTheFlagAndValue) {
  struct Case {
    std::vector<std::string> argv;
    std::vector<std::string> mentions;
  } cases[] = {
      {{kServer, "serve", "--max-body-bytes", "10abc"},
       {"--max-body-bytes", "10abc"}},
      {{kServer, "serve", "--sweep-seconds", "-5"}, {"--sweep-seconds", "-5"}},
      {{kServer, "serve", "--listen", "127.0.0.1:99999"},
       {"--listen", "127.0.0.1:99999"}},
      {{kServer, "serve", "--listen", "localhost"}, {"--listen", "HOST:PORT"}},
      {{kServer, "serve", "--listen", "example.com:80"},
       {"--listen", "example.com"}},
      {{kServer, "tenant", "list", "--listen", "1.2.3.4:5"},
       {"unknown option '--listen'"}},
      {{kServer, "products", "--tenant", "x", "--format", "xml"},
       {"--format", "xml"}},
      {{kServer, "tenant", "add"}, {"missing NAME"}},
      {{kServer, "findings"}, {"--tenant"}},
      {{kServer, "serve", "--store", "mysql://x"}, {"unknown scheme"}},
      {{kAgent, "run", "--oncee"}, {"unknown option '--oncee'"}},
      {{kAgent, "status", "extra"}, {"unexpected argument 'extra'"}},
  };
  for (const auto& c : cases) {
    ProcessResult r = RunProcess(c.argv);
    EXPECT_EQ(r.exit_code, 2) << c.argv[1] << " " << r.err;
    for (const auto& m : c.mentions) {
      EXPECT_NE(r.err.find(m), std::string::npos) << m << " in: " << r.err;
    }
  }
}

TEST(CliHelpTest, StoreUrlAndJsonOutput) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() /
                 ("surveyor-cli-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string url = "sqlite:" + dir.string();
  ASSERT_EQ(RunProcess({kServer, "tenant", "add", "dental", "--store", url})
                .exit_code,
            0);
  // Tenant names are lowercase slugs.
  ProcessResult upper =
      RunProcess({kServer, "tenant", "add", "Acme Dental", "--store", url});
  EXPECT_EQ(upper.exit_code, 2);
  EXPECT_NE(upper.err.find("'Acme Dental' is not a lowercase slug"),
            std::string::npos)
      << upper.err;
  // --data-dir DIR is the same store as sqlite:DIR.
  ProcessResult list = RunProcess({kServer, "tenant", "list", "--data-dir",
                                   dir.string(), "--format", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  boost::system::error_code ec;
  auto tenants = boost::json::parse(list.out, ec);
  ASSERT_FALSE(ec) << list.out;
  ASSERT_EQ(tenants.as_array().size(), 1u);
  EXPECT_EQ(tenants.as_array()[0].at("name"), "dental");
  ProcessResult products =
      RunProcess({kServer, "products", "--tenant", "dental", "--store", url,
                  "--format", "json"});
  ASSERT_EQ(products.exit_code, 0) << products.err;
  auto view = boost::json::parse(products.out, ec);
  ASSERT_FALSE(ec) << products.out;
  EXPECT_EQ(view.at("tenant"), "dental");
  EXPECT_TRUE(view.at("products").is_array());
  ProcessResult policy =
      RunProcess({kServer, "policy", "show", "--tenant", "dental", "--store",
                  url, "--format", "json"});
  ASSERT_EQ(policy.exit_code, 0) << policy.err;
  EXPECT_EQ(boost::json::parse(policy.out, ec).at("default"), true);
  // Rename, then delete only with the name confirmed.
  ASSERT_EQ(RunProcess({kServer, "tenant", "add", "scratch", "--store", url})
                .exit_code,
            0);
  ProcessResult renamed = RunProcess(
      {kServer, "tenant", "rename", "scratch", "dental", "--store", url});
  EXPECT_EQ(renamed.exit_code, 2);
  EXPECT_NE(renamed.err.find("tenant 'dental' already exists"),
            std::string::npos)
      << renamed.err;
  renamed = RunProcess(
      {kServer, "tenant", "rename", "scratch", "old-client", "--store", url});
  EXPECT_EQ(renamed.exit_code, 0) << renamed.err;
  EXPECT_EQ(renamed.out, "tenant scratch renamed to old-client\n");
  for (const std::vector<std::string>& unconfirmed :
       {std::vector<std::string>{},
        std::vector<std::string>{"--confirm", "dental"}}) {
    std::vector<std::string> argv = {kServer,      "tenant",  "delete",
                                     "old-client", "--store", url};
    argv.insert(argv.end(), unconfirmed.begin(), unconfirmed.end());
    ProcessResult refused = RunProcess(argv);
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_NE(refused.err.find("removes its 0 hosts"), std::string::npos)
        << refused.err;
    EXPECT_NE(refused.err.find("--confirm old-client"), std::string::npos);
  }
  ProcessResult deleted =
      RunProcess({kServer, "tenant", "delete", "old-client", "--confirm",
                  "old-client", "--store", url});
  EXPECT_EQ(deleted.exit_code, 0) << deleted.err;
  list = RunProcess({kServer, "tenant", "list", "--store", url});
  EXPECT_EQ(list.out.find("old-client"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("dental"), std::string::npos) << list.out;
  ProcessResult missing =
      RunProcess({kServer, "findings", "--tenant", "nobody", "--store", url});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no tenant 'nobody'"), std::string::npos);
  ProcessResult pg = RunProcess({kServer, "tenant", "list", "--store",
                                 "postgresql://u:secret@db/surveyor"});
  EXPECT_EQ(pg.exit_code, 2);
  EXPECT_EQ(pg.err.find("secret"), std::string::npos) << pg.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace surveyor
