// Real surveyor-server and surveyor-agent processes over real TLS on
// loopback: crash recovery, offline catch-up, tenant isolation, hostile
// bodies, the delta protocol and re-enrollment.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "common/compression.h"
#include "tests/service/server_agent_fixture.h"

namespace surveyor {
namespace {

TEST_F(ServerAgentTest, EnrollSubmitAndReadBackThroughTheApi) {
  std::string secret = LastWord(Admin({"tenant", "add", "dental"})[0]);
  std::string token =
      LastWord(Admin({"token", "add", "--tenant", "dental"})[0]);
  fs::path a = MakeAgent("reception", secret);
  ProcessResult r = RunOnce(a);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int status = 0;
  std::string hosts = Get("/v1/tenants/dental/hosts", token, &status);
  EXPECT_EQ(status, 200);
  EXPECT_NE(hosts.find("\"hostname\":\"reception\""), std::string::npos)
      << hosts;
  std::string sw = Get("/v1/hosts/" + AgentId(a) + "/software", token, &status);
  EXPECT_EQ(status, 200);
  // 13 dpkg installed, 3 dpkg with their files on disk but not fully
  // installed (anydesk unpacked, teamviewer half-installed, nano selected
  // for removal), 3 flatpak and 4 snap in the fixture root.
  std::size_t n = 0;
  for (std::size_t p = 0; (p = sw.find("\"source\":", p)) != std::string::npos;
       ++p)
    ++n;
  EXPECT_EQ(n, 23u) << sw;
  // Metrics name tenants: only on their own (loopback) listener.
  EXPECT_NE(GetMetrics("/metrics", &status)
                .find("surveyor_hosts{tenant=\"dental\"} 1"),
            std::string::npos);
  EXPECT_EQ(status, 200);
  std::string on_agent_port = Get("/metrics", "", &status);
  EXPECT_EQ(status, 404);
  EXPECT_EQ(on_agent_port.find("dental"), std::string::npos);
  GetMetrics("/v1/tenants", &status);
  EXPECT_EQ(status, 404);
}

TEST_F(ServerAgentTest, KillNineWhileAgentsSubmitStoresEverySnapshotOnce) {
  std::string secret = LastWord(Admin({"tenant", "add", "t"})[0]);
  std::vector<fs::path> agents;
  for (int i = 0; i < 4; ++i)
    agents.push_back(MakeAgent("a" + std::to_string(i), secret));
  for (auto& a : agents) ASSERT_EQ(RunOnce(a).exit_code, 0);
  int port = port_;
  std::vector<std::thread> threads;
  for (auto& a : agents) {
    threads.emplace_back([&, a] {
      for (int round = 0; round < 8; ++round) RunOnce(a);
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  StopServer(SIGKILL);  // Mid-submission: no shutdown, no flush.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  StartServer(port);
  for (auto& t : threads) t.join();
  for (auto& a : agents) {
    int rc = 1;
    for (int i = 0; i < 5 && rc != 0; ++i) rc = RunOnce(a).exit_code;
    ASSERT_EQ(rc, 0);
  }
  for (auto& a : agents) {
    std::string id = AgentId(a);
    auto db = Db();
    auto s = db.Prepare(
        "SELECT COUNT(*), MIN(sequence), MAX(sequence) FROM snapshots "
        "JOIN hosts ON hosts.id = snapshots.host_id WHERE hosts.agent_id = ?");
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->Bind(1, std::string_view(id)));
    ASSERT_TRUE(s->Step());
    // Every sequence the agent produced is stored, once, with no gap.
    EXPECT_EQ(s->ColumnInt(1), 1);
    EXPECT_EQ(s->ColumnInt(0), s->ColumnInt(2)) << id;
    ProcessResult st = RunProcess(
        {kAgent, "status", "--config", (a / "agent.textproto").string()});
    EXPECT_NE(st.out.find("Outbox         0 snapshots"), std::string::npos)
        << st.out;
  }
}

TEST_F(ServerAgentTest, OfflineAgentCatchesUpInOrder) {
  std::string secret = LastWord(Admin({"tenant", "add", "t"})[0]);
  fs::path a = MakeAgent("laptop", secret);
  ASSERT_EQ(RunOnce(a).exit_code, 0);
  int port = port_;
  StopServer(SIGTERM);
  fs::path status = a / "root/var/lib/dpkg/status";
  std::string original = Slurp(status);
  for (int i = 0; i < 5; ++i) {
    // The inventory changes while offline: each snapshot's delta builds on
    // the one before it.
    std::string changed = original;
    changed = std::regex_replace(changed, std::regex("Version: 3.2.2-2"),
                                 "Version: 3.2.2-" + std::to_string(3 + i));
    std::ofstream(status) << changed;
    EXPECT_EQ(RunOnce(a).exit_code, 1);
  }
  ProcessResult st = RunProcess(
      {kAgent, "status", "--config", (a / "agent.textproto").string()});
  EXPECT_NE(st.out.find("Outbox         5 snapshots"), std::string::npos)
      << st.out;
  StartServer(port);
  ASSERT_EQ(RunOnce(a).exit_code, 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM snapshots"), 7);
  EXPECT_EQ(Scalar("SELECT MAX(sequence) FROM snapshots"), 7);
  // The chain of deltas arrived in order: the server holds the last version.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM software WHERE name = 'htop' AND "
                   "version = '3.2.2-7' AND removed_at IS NULL"),
            1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM software WHERE name = 'htop' AND "
                   "removed_at IS NULL"),
            1);
}

TEST_F(ServerAgentTest, TenantIsolation) {
  std::string secret_a = LastWord(Admin({"tenant", "add", "alpha"})[0]);
  std::string secret_b = LastWord(Admin({"tenant", "add", "beta"})[0]);
  std::string token_a =
      LastWord(Admin({"token", "add", "--tenant", "alpha"})[0]);
  std::string token_b =
      LastWord(Admin({"token", "add", "--tenant", "beta"})[0]);
  fs::path a = MakeAgent("a1", secret_a);
  fs::path b = MakeAgent("b1", secret_b);
  ASSERT_EQ(RunOnce(a).exit_code, 0);
  ASSERT_EQ(RunOnce(b).exit_code, 0);
  int status = 0;
  Get("/v1/tenants/alpha/hosts", token_b, &status);
  EXPECT_EQ(status, 403);
  Get("/v1/hosts/" + AgentId(a) + "/software", token_b, &status);
  EXPECT_EQ(status, 403);
  Get("/v1/tenants/nonexistent/hosts", token_b, &status);
  EXPECT_EQ(status, 403);  // Does not reveal which tenants exist.
  std::string tenants = Get("/v1/tenants", token_b, &status);
  EXPECT_EQ(tenants.find("alpha"), std::string::npos) << tenants;
  Get("/v1/tenants/alpha/hosts", token_a, &status);
  EXPECT_EQ(status, 200);

  // A's node key cannot submit as B's machine: the snapshot names b1's
  // machine id.
  std::string key_a = Slurp(a / "state/node_key");
  key_a = key_a.substr(key_a.find('\n') + 1);
  key_a.pop_back();
  fs::path body = dir_ / "forged.pb";
  ProcessResult forged =
      RunProcess({kAgent, "collect", "--root", (b / "root").string(), "--only",
                  "host", "--format", "proto", "-o", body.string()});
  ASSERT_EQ(forged.exit_code, 0) << forged.err;
  // Give it a sequence: append field 4 (varint 99).
  std::ofstream(body, std::ios::app | std::ios::binary)
      << std::string("\x20\x63", 2);
  std::int64_t before = Scalar("SELECT COUNT(*) FROM snapshots");
  EXPECT_EQ(Post("/v1/snapshots", body, key_a), 403);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM snapshots"), before);
}

TEST_F(ServerAgentTest, HostileBodiesGetClearErrorsAndTheServerKeepsServing) {
  std::string secret = LastWord(Admin({"tenant", "add", "t"})[0]);
  fs::path a = MakeAgent("a", secret);
  ASSERT_EQ(RunOnce(a).exit_code, 0);
  std::string key = Slurp(a / "state/node_key");
  key = key.substr(key.find('\n') + 1);
  key.pop_back();
  fs::path garbage = dir_ / "garbage";
  std::ofstream(garbage) << "\xff\xff\xff\xff\x0f not a protobuf at all";
  EXPECT_EQ(Post("/v1/snapshots", garbage, key), 400);
  EXPECT_EQ(Post("/v1/enroll", garbage, ""), 400);
  EXPECT_EQ(Post("/v1/snapshots", garbage, "snk_forged"), 401);
  fs::path big = dir_ / "big";
  std::ofstream(big) << std::string(9u << 20, 'x');
  EXPECT_EQ(Post("/v1/snapshots", big, key), 413);
  // A real snapshot cut short.
  fs::path full = dir_ / "full.pb";
  ASSERT_EQ(RunProcess({kAgent, "collect", "--root", (a / "root").string(),
                        "--format", "proto", "-o", full.string()})
                .exit_code,
            0);
  std::string bytes = Slurp(full);
  std::ofstream(dir_ / "cut.pb", std::ios::binary)
      << bytes.substr(0, bytes.size() / 2);
  EXPECT_EQ(Post("/v1/snapshots", dir_ / "cut.pb", key), 400);
  // A decompression bomb: 2 KiB on the wire, 128 MiB of zeros inside.
  {
    auto bomb = common::ZstdCompress(std::string(128u << 20, '\0'), 3);
    ASSERT_TRUE(bomb);
    std::ofstream(dir_ / "bomb.zst", std::ios::binary) << *bomb;
  }
  EXPECT_EQ(
      Post("/v1/snapshots", dir_ / "bomb.zst", key, "Content-Encoding: zstd"),
      413);
  EXPECT_EQ(Post("/v1/snapshots", full, key, "Content-Encoding: br"), 415);
  EXPECT_EQ(Post("/v1/snapshots", full, key, "Content-Encoding: zstd"), 400);
  int status = 0;
  EXPECT_EQ(Get("/healthz", "", &status), "ok\n");
  EXPECT_EQ(status, 200);
  EXPECT_EQ(RunOnce(a).exit_code, 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM snapshots"), 2);
}

TEST_F(ServerAgentTest, DeltaIsSmallAndAMismatchedBaseLeadsToFullResend) {
  std::string secret = LastWord(Admin({"tenant", "add", "t"})[0]);
  fs::path a = MakeAgent("a", secret);
  ASSERT_EQ(RunOnce(a).exit_code, 0);
  ASSERT_EQ(RunOnce(a).exit_code, 0);
  // Unchanged machine: a few hundred bytes.
  EXPECT_LT(Scalar("SELECT bytes FROM snapshots WHERE sequence = 2"), 600);
  fs::path status = a / "root/var/lib/dpkg/status";
  std::string text = Slurp(status);
  std::ofstream(status) << std::regex_replace(
      text, std::regex("Version: 3.2.2-2"), "Version: 3.2.2-3");
  ASSERT_EQ(RunOnce(a).exit_code, 0);
  // One package upgrade: well under 1 KB on the wire.
  EXPECT_LT(Scalar("SELECT bytes FROM snapshots WHERE sequence = 3"), 1024);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM software WHERE name = 'htop' AND "
                   "version = '3.2.2-3' AND removed_at IS NULL"),
            1);

  // The server loses the base (restored from an old backup, say).
  {
    auto db = Db();
    ASSERT_TRUE(
        db.ExecScript("UPDATE sections SET content_hash = x'00' WHERE "
                      "collector = 'software'"));
  }
  text = Slurp(status);
  std::ofstream(status) << std::regex_replace(
      text, std::regex("Version: 3.2.2-3"), "Version: 3.2.2-4");
  ASSERT_EQ(RunOnce(a).exit_code, 0);
  // The delta (sequence 4) was refused, the full section followed in the
  // same run (sequence 5), and the server's inventory is right, not
  // half-applied.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM snapshots"), 5);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM software WHERE name = 'htop' AND "
                   "removed_at IS NULL"),
            1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM software WHERE name = 'htop' AND "
                   "version = '3.2.2-4' AND removed_at IS NULL"),
            1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM software WHERE removed_at IS NULL"),
            23);
}

TEST_F(ServerAgentTest, InvalidNodeKeyLeadsToReEnrollmentKeepingHistory) {
  std::string secret = LastWord(Admin({"tenant", "add", "t"})[0]);
  fs::path a = MakeAgent("a", secret);
  ASSERT_EQ(RunOnce(a).exit_code, 0);
  std::string id = AgentId(a);
  {
    auto db = Db();
    ASSERT_TRUE(db.ExecScript("UPDATE hosts SET node_key_hash = NULL"));
  }
  ASSERT_EQ(RunOnce(a).exit_code, 0);
  EXPECT_EQ(AgentId(a), id);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM hosts"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM snapshots"), 2);
}

// Polls `pred` every 50 ms for up to `limit`.
template <typename Pred>
bool WaitFor(Pred pred, std::chrono::milliseconds limit) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return pred();
}

TEST_F(ServerAgentTest, DaemonSchedulesWatchesPackagesReloadsAndStops) {
  std::string secret = LastWord(Admin({"tenant", "add", "t"})[0]);
  fs::path a = MakeAgent("daemon", secret);
  std::ofstream(a / "agent.textproto", std::ios::app)
      << "default_interval_seconds: 10\npackage_change_delay_seconds: 1\n";
  int pid = testing::SpawnBackground(
      {kAgent, "run", "--config", (a / "agent.textproto").string()},
      (a / "agent.log").string());
  ASSERT_GT(pid, 0);
  // First collection within the splay (at most a tenth of the interval).
  // The waits below end as soon as their condition holds; their limits are
  // generous because CI runs this beside PostgreSQL and Chromium tests.
  EXPECT_TRUE(WaitFor(
      [&] {
        return Scalar("SELECT COUNT(*) FROM hosts") == 1 &&
               Scalar("SELECT COUNT(*) FROM snapshots") >= 4;
      },
      std::chrono::seconds(30)))
      << Slurp(a / "agent.log");
  // A package upgrade is reported shortly after dpkg writes its database.
  fs::path status = a / "root/var/lib/dpkg/status";
  std::string text = Slurp(status);
  {
    std::ofstream out(status.string() + ".new");
    out << std::regex_replace(text, std::regex("Version: 3.2.2-2"),
                              "Version: 3.2.2-9");
  }
  fs::rename(status.string() + ".new", status);  // As dpkg does.
  EXPECT_TRUE(WaitFor(
      [&] {
        return Scalar(
                   "SELECT COUNT(*) FROM software WHERE name = 'htop' AND "
                   "version = '3.2.2-9' AND removed_at IS NULL") == 1;
      },
      std::chrono::seconds(30)))
      << Slurp(a / "agent.log");
  // Cycles run in workers: the long-lived process never maps libcurl and
  // keeps no collection memory.
  std::string maps = Slurp("/proc/" + std::to_string(pid) + "/maps");
  EXPECT_EQ(maps.find("libcurl"), std::string::npos);
  ::kill(pid, SIGHUP);
  EXPECT_TRUE(WaitFor(
      [&] {
        return Slurp(a / "agent.log").find("configuration reloaded") !=
               std::string::npos;
      },
      std::chrono::seconds(15)))
      << Slurp(a / "agent.log");
  auto start = std::chrono::steady_clock::now();
  testing::StopProcess(pid, SIGTERM);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

// Children of `pid`, from /proc.
std::vector<int> ChildrenOf(int pid) {
  std::vector<int> out;
  for (const auto& e : fs::directory_iterator("/proc")) {
    std::string name = e.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string stat = Slurp(e.path() / "stat");
    auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    std::string state;
    int ppid = 0;
    rest >> state >> ppid;
    if (ppid == pid) out.push_back(std::stoi(name));
  }
  return out;
}

TEST_F(ServerAgentTest, SigtermDuringAHungRequestStopsDaemonAndWorker) {
  // A server that accepts connections and never answers.
  int sock = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(sock, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(::listen(sock, 16), 0);
  socklen_t len = sizeof(addr);
  ::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  fs::path a = MakeAgent("hung", "sse_unused");
  std::ofstream(a / "agent.textproto", std::ios::app)
      << "default_interval_seconds: 10\n";
  int pid = testing::SpawnBackground(
      {kAgent, "run", "--config", (a / "agent.textproto").string()},
      (a / "agent.log").string());
  ASSERT_GT(pid, 0);
  // The first cycle's worker is stuck enrolling against the silent server.
  std::vector<int> workers;
  ASSERT_TRUE(WaitFor(
      [&] {
        workers = ChildrenOf(pid);
        return !workers.empty();
      },
      std::chrono::seconds(5)));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto start = std::chrono::steady_clock::now();
  testing::StopProcess(pid, SIGTERM);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  for (int w : workers) {
    EXPECT_FALSE(fs::exists("/proc/" + std::to_string(w)))
        << "worker " << w << " outlived the daemon";
  }
  ::close(sock);
}

TEST_F(ServerAgentTest, PlainHttpIsRefusedOffLoopback) {
  ProcessResult r =
      RunProcess({kServer, "serve", "--data-dir", (dir_ / "other").string(),
                  "--listen", "0.0.0.0:0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("refusing plain HTTP"), std::string::npos) << r.err;
}

TEST_F(ServerAgentTest, TokensAreListedRevokedAndExpire) {
  Admin({"tenant", "add", "dental"});
  std::string token =
      LastWord(Admin({"token", "add", "--tenant", "dental", "--label",
                      "grafana dashboard", "--expires-days", "30"})[0]);
  std::string admin = LastWord(Admin({"token", "add", "--admin"})[0]);
  std::string list = Admin({"token", "list"})[0];
  EXPECT_NE(list.find("grafana dashboard"), std::string::npos) << list;
  EXPECT_NE(list.find("(admin)"), std::string::npos) << list;
  EXPECT_EQ(list.find(token), std::string::npos);  // Never the secret.
  int status = 0;
  Get("/v1/tenants/dental/hosts", token, &status);
  EXPECT_EQ(status, 200);
  // The tenant token is the first row.
  std::string json = Admin({"token", "list", "--format", "json"})[0];
  ASSERT_NE(json.find("\"id\":1,\"tenant\":\"dental\""), std::string::npos)
      << json;
  EXPECT_NE(json.find("\"expired\":false"), std::string::npos) << json;
  Admin({"token", "revoke", "1"});
  std::string refused = Get("/v1/tenants/dental/hosts", token, &status);
  EXPECT_EQ(status, 401);
  EXPECT_NE(refused.find("unknown API token"), std::string::npos);
  Get("/v1/tenants/dental/hosts", admin, &status);
  EXPECT_EQ(status, 200);
  ProcessResult again = RunProcess({kServer, "token", "revoke", "1",
                                    "--data-dir", (dir_ / "data").string()});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("no token 1"), std::string::npos) << again.err;
  ProcessResult bad = RunProcess({kServer, "token", "revoke", "x1",
                                  "--data-dir", (dir_ / "data").string()});
  EXPECT_EQ(bad.exit_code, 2);
  // An expired token: its expiry moved into the past in the database.
  std::string soon = LastWord(
      Admin({"token", "add", "--tenant", "dental", "--expires-days", "1"})[0]);
  {
    auto db = Db();
    ASSERT_TRUE(db.ExecScript(
        "UPDATE tokens SET expires_at = 1 WHERE expires_at IS NOT NULL"));
  }
  std::string expired = Get("/v1/tenants/dental/hosts", soon, &status);
  EXPECT_EQ(status, 401);
  EXPECT_NE(expired.find("expired API token"), std::string::npos) << expired;
  EXPECT_NE(Admin({"token", "list"})[0].find("(expired)"), std::string::npos);
}

// Software history and snapshot records grew forever; now what ended
// longer ago than the retention setting goes, current inventory stays.
TEST_F(ServerAgentTest, HistoryOlderThanRetentionIsPruned) {
  std::string secret = LastWord(Admin({"tenant", "add", "t"})[0]);
  fs::path a = MakeAgent("a", secret);
  ASSERT_EQ(RunOnce(a).exit_code, 0);
  // A second snapshot without htop.
  std::string status = Slurp(a / "root/var/lib/dpkg/status");
  const auto htop = status.find("Package: htop\n");
  ASSERT_NE(htop, std::string::npos);
  status.erase(htop, status.find("\n\n", htop) + 2 - htop);
  std::ofstream(a / "root/var/lib/dpkg/status", std::ios::trunc) << status;
  ASSERT_EQ(RunOnce(a).exit_code, 0);
  ASSERT_EQ(Scalar("SELECT COUNT(*) FROM snapshots"), 2);
  const std::int64_t removed =
      Scalar("SELECT COUNT(*) FROM software WHERE removed_at IS NOT NULL");
  ASSERT_GE(removed, 1);
  const std::int64_t current =
      Scalar("SELECT COUNT(*) FROM software WHERE removed_at IS NULL");
  // Age it: the removal and the first snapshot two days ago.
  StopServer(SIGTERM);
  {
    auto db = Db();
    ASSERT_TRUE(
        db.ExecScript("UPDATE software SET removed_at = removed_at - 172800 "
                      "WHERE removed_at IS NOT NULL; "
                      "UPDATE snapshots SET received_at = received_at - 172800 "
                      "WHERE sequence = 1;"));
  }
  StartServer(port_, {"--history-retention-days", "1"});
  std::string log;
  for (int i = 0; i < 250; ++i) {
    log = Slurp(dir_ / "server.log");
    if (log.find("[retention]") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_NE(log.find("deleted " + std::to_string(removed) +
                     " software history rows, 1 snapshot records, 0 "
                     "resolved findings and 0 SaaS seat-count days"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("history is kept 1 days: shorter than a 12-month audit"),
            std::string::npos);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM software WHERE removed_at IS NOT "
                   "NULL"),
            0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM software WHERE removed_at IS NULL"),
            current);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM snapshots"), 1);
  // The agent carries on.
  EXPECT_EQ(RunOnce(a).exit_code, 0);
}

}  // namespace
}  // namespace surveyor
