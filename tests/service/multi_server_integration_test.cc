// Several surveyor-server processes on one real PostgreSQL 15, over real TLS
// on loopback, with real agents alternating between them: kill -9 of a
// server under load, a PostgreSQL crash and restart under load. Every
// acknowledged snapshot is stored exactly once, and the findings are those
// of one server.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "common/postgres.h"
#include "tests/agent/run_process.h"
#include "tests/pg_cluster.h"
#include "tests/smtp_fixture.h"

namespace surveyor {
namespace {

namespace fs = std::filesystem;
using testing::LastWord;
using testing::ProcessResult;
using testing::RunProcess;
using testing::Slurp;

const std::string kAgent = SURVEYOR_AGENT_BIN;
const std::string kServer = SURVEYOR_SERVER_BIN;
const std::string kFixtures = SURVEYOR_FIXTURES;
const std::string kSource = SURVEYOR_SOURCE_DIR;

struct Server {
  int pid = -1;
  int port = 0;
};

class MultiServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("surveyor-multi-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::string error;
    pg_ = testing_pg::PgCluster::Start({"fsync=off"}, &error);
    ASSERT_NE(pg_, nullptr) << error;
    url_ = pg_->url();
    ProcessResult cert =
        RunProcess({"/bin/bash", kSource + "/install/make-cert.sh",
                    (dir_ / "tls").string()});
    ASSERT_EQ(cert.exit_code, 0) << cert.err;
  }
  void TearDown() override {
    for (auto& s : servers_) testing::StopProcess(s.pid, SIGTERM);
    pg_.reset();
    fs::remove_all(dir_);
  }

  std::string Admin(std::vector<std::string> args) {
    std::vector<std::string> argv = {kServer};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("--store");
    argv.push_back(url_);
    ProcessResult r = RunProcess(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  // Starts server `i` (on its previous port when it had one), with `extra`
  // options.
  void Start(std::size_t i, const std::vector<std::string>& extra = {}) {
    if (servers_.size() <= i) servers_.resize(i + 1);
    const fs::path port_file = dir_ / ("port" + std::to_string(i));
    fs::remove(port_file);
    const fs::path log = dir_ / ("server" + std::to_string(i) + ".log");
    std::vector<std::string> argv = {
        kServer,           "serve",
        "--store",         url_,
        "--cert",          (dir_ / "tls/server.crt").string(),
        "--key",           (dir_ / "tls/server.key").string(),
        "--listen",        "127.0.0.1:" + std::to_string(servers_[i].port),
        "--port-file",     port_file.string(),
        "--write-workers", url_.starts_with("sqlite:") ? "1" : "2"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    servers_[i].pid = testing::SpawnBackground(argv, log.string());
    ASSERT_GT(servers_[i].pid, 0);
    for (int n = 0; n < 1000 && !fs::exists(port_file); ++n) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_TRUE(fs::exists(port_file)) << Slurp(log);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    servers_[i].port = std::stoi(Slurp(port_file));
  }
  void Kill(std::size_t i) {
    testing::StopProcess(servers_[i].pid, SIGKILL);
    servers_[i].pid = -1;
  }

  fs::path MakeAgent(const std::string& name, const std::string& secret) {
    fs::path home = dir_ / ("agent-" + name);
    fs::create_directories(home);
    fs::copy(kFixtures + "/roots/debian-desktop", home / "root",
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    std::ofstream(home / "root/etc/machine-id") << "machine-" << name << "\n";
    std::ofstream(home / "root/etc/hostname") << name << "\n";
    std::ofstream(home / "secret") << secret << "\n";
    fs::permissions(home / "secret", fs::perms(0600));
    return home;
  }

  // One agent cycle against server `i`.
  ProcessResult RunOnce(const fs::path& home, std::size_t i) {
    const fs::path config = home / ("agent" + std::to_string(i) + ".textproto");
    std::ofstream(config)
        << "server { url: \"https://localhost:" << servers_[i].port
        << "\" ca_file: \"" << (dir_ / "tls/server.crt").string()
        << "\" enroll_secret_file: \"" << (home / "secret").string()
        << "\" connect_timeout_seconds: 2 request_timeout_seconds: 15 }\n"
        << "state_dir: \"" << (home / "state").string() << "\"\n"
        << "root: \"" << (home / "root").string() << "\"\n";
    return RunProcess({kAgent, "run", "--once", "--config", config.string()});
  }

  // Makes each agent's next cycle install one more package, so every
  // snapshot carries a change (and the findings engine runs).
  void ChangeInventory(const fs::path& home, int round) {
    std::ofstream(home / "root/var/lib/dpkg/status", std::ios::app)
        << "\nPackage: extra-tool-" << round
        << "\nStatus: install ok installed\nArchitecture: amd64\nVersion: "
           "1.0\nDescription: extra\n";
  }

  std::unique_ptr<common::PgConnection> Db() {
    auto c = common::PgConnection::Connect(url_);
    EXPECT_TRUE(c) << c.error().message;
    return c ? std::move(*c) : nullptr;
  }

  // Every host's delivered sequences are 1..max with no duplicate, and the
  // agent's outbox is empty: nothing acknowledged was lost.
  void ExpectEverySnapshotOnce(const std::vector<fs::path>& agents) {
    auto db = Db();
    ASSERT_NE(db, nullptr);
    auto r = db->Query(
        "SELECT h.hostname, COUNT(*), COUNT(DISTINCT s.sequence), "
        "MIN(s.sequence), MAX(s.sequence) FROM snapshots s JOIN hosts h ON "
        "h.id = s.host_id GROUP BY h.hostname");
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->rows(), static_cast<int>(agents.size()));
    for (int i = 0; i < r->rows(); ++i) {
      const std::string host(r->Bytes(i, 0));
      EXPECT_EQ(r->Int(i, 1), r->Int(i, 2)) << host;
      EXPECT_EQ(r->Int(i, 3), 1) << host;
      EXPECT_EQ(r->Int(i, 1), r->Int(i, 4)) << host << ": a gap";
    }
    for (const auto& a : agents) {
      ProcessResult st = RunProcess(
          {kAgent, "status", "--config", (a / "agent0.textproto").string()});
      EXPECT_NE(st.out.find("Outbox         0 snapshots"), std::string::npos)
          << st.out;
    }
  }

  // Open findings with agent ids replaced by hostnames, and the product
  // counts checked against the host rows.
  std::map<std::string, std::string> Findings() {
    std::map<std::string, std::string> out;
    auto db = Db();
    if (db == nullptr) return out;
    auto counts = db->Query(
        "SELECT tp.product, tp.hosts, (SELECT COUNT(DISTINCT hp.host_id) FROM "
        "host_products hp WHERE hp.product = tp.product) FROM tenant_products "
        "tp");
    EXPECT_TRUE(counts);
    for (int i = 0; counts && i < counts->rows(); ++i) {
      EXPECT_EQ(counts->Int(i, 1), counts->Int(i, 2)) << counts->Bytes(i, 0);
    }
    ProcessResult list = RunProcess({kServer, "findings", "--tenant", "t",
                                     "--format", "json", "--store", url_});
    EXPECT_EQ(list.exit_code, 0) << list.err;
    std::string text = list.out;
    auto hosts = db->Query("SELECT agent_id, hostname FROM hosts");
    for (int i = 0; hosts && i < hosts->rows(); ++i) {
      text =
          std::regex_replace(text, std::regex(std::string(hosts->Bytes(i, 0))),
                             std::string(hosts->Bytes(i, 1)));
    }
    // Times differ between runs; keys, titles and evidence must not.
    text = std::regex_replace(
        text, std::regex("\"(first_seen|last_seen|resolved_at)\":\"[^\"]*\""),
        "");
    std::regex key("\"key\":\"([^\"]+)\"");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), key);
         it != std::sregex_iterator(); ++it) {
      out[(*it)[1]] = "open";
    }
    out["__json"] = text;
    return out;
  }

  fs::path dir_;
  std::unique_ptr<testing_pg::PgCluster> pg_;
  std::string url_;
  std::vector<Server> servers_;
};

TEST_F(MultiServerTest, TwoServersAgentsAlternateAndOneIsKilledUnderLoad) {
  const std::string secret = LastWord(Admin({"tenant", "add", "t"}));
  Start(0);
  Start(1);
  std::vector<fs::path> agents;
  for (int i = 0; i < 4; ++i) {
    agents.push_back(MakeAgent("a" + std::to_string(i), secret));
  }
  // Enrolment at one server, then every cycle at the other one.
  for (std::size_t i = 0; i < agents.size(); ++i) {
    ASSERT_EQ(RunOnce(agents[i], i % 2).exit_code, 0);
  }
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < agents.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int round = 0; round < 8; ++round) {
        ChangeInventory(agents[i], round);
        RunOnce(agents[i], (i + static_cast<std::size_t>(round)) % 2);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  Kill(0);  // Mid-submission: no shutdown, no flush.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Start(0);
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < agents.size(); ++i) {
    int rc = 1;
    for (int n = 0; n < 5 && rc != 0; ++n)
      rc = RunOnce(agents[i], n % 2).exit_code;
    ASSERT_EQ(rc, 0);
  }
  ExpectEverySnapshotOnce(agents);
  auto concurrent = Findings();
  ASSERT_GT(concurrent.size(), 1u);  // Findings besides "__json".

  // The same final inventories through one server on a fresh database.
  auto db = Db();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Script("CREATE DATABASE single"));
  for (auto& s : servers_) testing::StopProcess(s.pid, SIGTERM);
  servers_.clear();
  url_ = pg_->UrlFor("single");
  const std::string secret2 = LastWord(Admin({"tenant", "add", "t"}));
  Start(0);
  for (auto& a : agents) {
    fs::remove_all(a / "state");
    std::ofstream(a / "secret") << secret2 << "\n";
    ASSERT_EQ(RunOnce(a, 0).exit_code, 0);
  }
  auto single = Findings();
  EXPECT_EQ(concurrent.size(), single.size());
  for (const auto& [key, state] : single) {
    if (key == "__json") continue;
    EXPECT_TRUE(concurrent.contains(key)) << key;
  }
}

TEST_F(MultiServerTest, TwoServersSendEachWeeklyDigestOnce) {
  const std::string secret = LastWord(Admin({"tenant", "add", "t"}));
  std::ofstream(dir_ / "policy.textproto")
      << "digest { time_zone: \"Asia/Tehran\" weekday: 1 hour: 0 "
         "recipients: \"cto@t.example\" }\n";
  Admin(
      {"policy", "set", "--tenant", "t", (dir_ / "policy.textproto").string()});
  Start(0);
  ASSERT_EQ(RunOnce(MakeAgent("a0", secret), 0).exit_code, 0);
  testing::StopProcess(servers_[0].pid, SIGTERM);
  // The tenant has been around for two weeks: last week's digest is due.
  auto db = Db();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(
      db->Script("UPDATE hosts SET enrolled_at = enrolled_at - 1209600"));
  pid_t smtp = 0;
  const int port =
      testing::StartSmtp(kSource, dir_ / "mail", dir_ / "tls", {}, &smtp);
  ASSERT_GT(port, 0);
  const std::vector<std::string> mail = {
      "--smtp-url",
      "smtp://localhost:" + std::to_string(port),
      "--smtp-ca-file",
      (dir_ / "tls/server.crt").string(),
      "--digest-check-seconds",
      "1"};
  // Both look every second for due digests, racing for the same week.
  Start(0, mail);
  Start(1, mail);
  ASSERT_TRUE(testing::WaitForFile(dir_ / "mail/1.eml", 30))
      << Slurp((dir_ / "server0.log").string());
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_FALSE(fs::exists(dir_ / "mail/2.eml"));
  std::string status = Admin({"digest", "status", "--format", "json"});
  EXPECT_NE(status.find("\"state\":\"sent\""), std::string::npos) << status;
  EXPECT_NE(status.find("\"attempts\":1"), std::string::npos) << status;
  testing::StopProcess(smtp, SIGTERM);
}

TEST_F(MultiServerTest, PostgresCrashAndRestartUnderLoadLosesNothing) {
  const std::string secret = LastWord(Admin({"tenant", "add", "t"}));
  Start(0);
  Start(1);
  std::vector<fs::path> agents;
  for (int i = 0; i < 4; ++i) {
    agents.push_back(MakeAgent("p" + std::to_string(i), secret));
    ASSERT_EQ(RunOnce(agents.back(), 0).exit_code, 0);
  }
  std::atomic<int> failed_cycles{0};
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < agents.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int round = 0; round < 10; ++round) {
        ChangeInventory(agents[i], round);
        if (RunOnce(agents[i], (i + static_cast<std::size_t>(round)) % 2)
                .exit_code != 0) {
          ++failed_cycles;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  ASSERT_TRUE(pg_->Crash());  // Every connection dies mid-transaction.
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  ASSERT_TRUE(pg_->Restart());
  for (auto& t : threads) t.join();
  // The servers kept serving and answer again without a restart of their
  // own.
  for (std::size_t i = 0; i < agents.size(); ++i) {
    int rc = 1;
    for (int n = 0; n < 5 && rc != 0; ++n)
      rc = RunOnce(agents[i], n % 2).exit_code;
    ASSERT_EQ(rc, 0) << Slurp(dir_ / "server0.log");
  }
  ExpectEverySnapshotOnce(agents);
  const std::string log =
      Slurp(dir_ / "server0.log") + Slurp(dir_ / "server1.log");
  EXPECT_EQ(log.find("hunter"), std::string::npos);
  // While the database was down, requests failed with 503 (the agents kept
  // their snapshots), not with a crash.
  EXPECT_NE(log.find("PostgreSQL"), std::string::npos) << log;
  RecordProperty("failed_cycles", failed_cycles.load());
  std::fprintf(stderr,
               "agent cycles that failed while PostgreSQL was down: %d\n",
               failed_cycles.load());
}

// An MSP outgrowing one machine: the SQLite store is copied into
// PostgreSQL, and the same agents (same node keys, no re-enrolment) carry on
// against a server on PostgreSQL, with their history and findings intact.
TEST_F(MultiServerTest, SqliteStoreCopiedIntoPostgresCarriesOn) {
  const std::string pg_url = url_;
  url_ = "sqlite:" + (dir_ / "sqlite").string();
  const std::string secret = LastWord(Admin({"tenant", "add", "t"}));
  const std::string token = LastWord(Admin({"token", "add", "--tenant", "t"}));
  Start(0);
  std::vector<fs::path> agents;
  for (int i = 0; i < 3; ++i) {
    agents.push_back(MakeAgent("c" + std::to_string(i), secret));
    ASSERT_EQ(RunOnce(agents.back(), 0).exit_code, 0);
    ChangeInventory(agents.back(), 1);
    ASSERT_EQ(RunOnce(agents.back(), 0).exit_code, 0);
  }
  testing::StopProcess(servers_[0].pid, SIGTERM);
  servers_[0].pid = -1;
  ProcessResult before = RunProcess({kServer, "findings", "--tenant", "t",
                                     "--format", "json", "--store", url_});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  ASSERT_NE(before.out.find("\"key\""), std::string::npos) << before.out;

  ProcessResult copy =
      RunProcess({kServer, "store", "copy", "--from", url_, "--to", pg_url});
  ASSERT_EQ(copy.exit_code, 0) << copy.err;
  EXPECT_NE(copy.out.find("every table's row count matches"),
            std::string::npos);
  EXPECT_NE(copy.out.find("software"), std::string::npos) << copy.out;
  // A second copy into the now non-empty database is refused.
  ProcessResult again =
      RunProcess({kServer, "store", "copy", "--from", url_, "--to", pg_url});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already holds"), std::string::npos) << again.err;

  url_ = pg_url;
  ProcessResult after = RunProcess({kServer, "findings", "--tenant", "t",
                                    "--format", "json", "--store", url_});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(after.out, before.out);
  Start(0);
  for (auto& a : agents) {
    ChangeInventory(a, 2);
    ProcessResult r = RunOnce(a, 0);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.find("enrolled as"), std::string::npos) << r.err;
  }
  ExpectEverySnapshotOnce(agents);
  auto db = Db();
  ASSERT_NE(db, nullptr);
  auto history =
      db->Query("SELECT COUNT(*) FROM software WHERE name = 'extra-tool-2'");
  ASSERT_TRUE(history);
  EXPECT_EQ(history->Int(0, 0), 3);
  // New rows get new ids after the copied ones.
  ASSERT_EQ(RunProcess({kServer, "tenant", "add", "second", "--store", url_})
                .exit_code,
            0);
}

// A database that takes no writes: the server refuses to start instead of
// answering /healthz while every snapshot fails; a running server's /readyz
// follows the database, and recovers with it.
TEST_F(MultiServerTest, ReadinessFollowsWhetherTheStoreTakesWrites) {
  Admin({"tenant", "add", "t"});  // Creates and migrates the schema.
  auto db = Db();
  ASSERT_TRUE(db);
  auto set_read_only = [&](bool on) {
    ASSERT_TRUE(db->Script(std::string("ALTER DATABASE surveyor SET "
                                       "default_transaction_read_only = ") +
                           (on ? "on" : "off")));
    // Sessions pick the setting up when they start: end the others.
    ASSERT_TRUE(db->Script(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
        "datname = 'surveyor' AND pid <> pg_backend_pid()"));
  };
  set_read_only(true);
  ProcessResult refused = RunProcess(
      {kServer, "serve", "--store", url_, "--cert",
       (dir_ / "tls/server.crt").string(), "--key",
       (dir_ / "tls/server.key").string(), "--listen", "127.0.0.1:0"});
  EXPECT_EQ(refused.exit_code, 2);
  // (Migrations are the first writes, so they are what fails here.)
  EXPECT_NE(refused.err.find("read-only transaction"), std::string::npos)
      << refused.err;

  set_read_only(false);
  Start(0);
  auto readyz = [&] {
    ProcessResult r = RunProcess(
        {"/usr/bin/curl", "-s", "-w", "\n%{http_code}", "--cacert",
         (dir_ / "tls/server.crt").string(),
         "https://localhost:" + std::to_string(servers_[0].port) + "/readyz"});
    return r.out.substr(r.out.rfind('\n') + 1);
  };
  EXPECT_EQ(readyz(), "200");
  set_read_only(true);
  // The pool notices the ended sessions and reconnects read-only.
  std::string status;
  for (int i = 0; i < 50 && status != "503"; ++i) {
    status = readyz();
    if (status != "503") {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  EXPECT_EQ(status, "503");
  set_read_only(false);
  for (int i = 0; i < 50 && status != "200"; ++i) {
    status = readyz();
    if (status != "200") {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  EXPECT_EQ(status, "200");
}

}  // namespace
}  // namespace surveyor
