// Connection floods against the real server: idle connections from one
// address hit the per-peer cap, a flood from many addresses recycles
// itself at the global cap while a real agent still enrolls and submits,
// and running out of descriptors is logged once without spinning.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include "tests/service/server_agent_fixture.h"

namespace surveyor {
namespace {

// A TCP connection to 127.0.0.1:port from `source` (any 127/8 address is
// this machine), left idle: it never starts its TLS handshake.
int ConnectFrom(const std::string& source, int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in local{};
  local.sin_family = AF_INET;
  ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Whether the server has closed `fd` (end of stream or reset).
bool ClosedByServer(int fd) {
  char byte;
  ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

// How many of `fds` the server has closed, once that count has stopped
// changing (the server closes asynchronously).
std::size_t SettledClosed(const std::vector<int>& fds) {
  std::size_t last = static_cast<std::size_t>(-1);
  for (int round = 0; round < 40; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::size_t closed = 0;
    for (int fd : fds) closed += ClosedByServer(fd) ? 1 : 0;
    if (closed == last && round >= 3) return closed;
    last = closed;
  }
  return last;
}

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

// CPU seconds (user + system) the process has used so far.
double CpuSeconds(int pid) {
  std::string stat = Slurp("/proc/" + std::to_string(pid) + "/stat");
  std::istringstream in(stat.substr(stat.rfind(')') + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && in >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return static_cast<double>(utime + stime) /
         static_cast<double>(::sysconf(_SC_CLK_TCK));
}

class ConnectionLimitsTest : public ServerAgentTest {
 protected:
  void TearDown() override {
    for (int fd : fds_) ::close(fd);
    ServerAgentTest::TearDown();
  }
  std::vector<int> Open(const std::string& source, int n) {
    std::vector<int> opened;
    for (int i = 0; i < n; ++i) {
      int fd = ConnectFrom(source, port_);
      EXPECT_GE(fd, 0) << source << " #" << i << ": " << std::strerror(errno);
      if (fd < 0) break;
      opened.push_back(fd);
      fds_.push_back(fd);
    }
    return opened;
  }
  std::vector<int> fds_;
};

TEST_F(ConnectionLimitsTest, IdleFloodsNeitherLockAgentsOutNorPinThePeerCap) {
  StopServer(SIGTERM);
  StartServer(0,
              {"--max-connections", "40", "--max-connections-per-peer", "10"});
  // One address: 10 held, the other 20 closed at once.
  std::vector<int> one = Open("127.0.0.2", 30);
  EXPECT_EQ(SettledClosed(one), 20u);

  // Many addresses fill the global cap of 40, then keep coming: each new
  // one takes the place of the connection idle longest (the first ones).
  std::vector<int> many;
  for (int a = 3; a < 10; ++a) {
    auto more = Open("127.0.0." + std::to_string(a), 10);
    many.insert(many.end(), more.begin(), more.end());
  }
  SettledClosed(many);
  std::size_t open = 0;
  for (int fd : fds_) open += ClosedByServer(fd) ? 0 : 1;
  EXPECT_LE(open, 40u);
  EXPECT_GE(open, 30u);
  // The oldest (the first address's survivors) went first.
  std::size_t first_open = 0;
  for (int fd : one) first_open += ClosedByServer(fd) ? 0 : 1;
  EXPECT_EQ(first_open, 0u);

  // A real agent still gets through, and its snapshot is stored.
  const std::string secret = LastWord(Admin({"tenant", "add", "acme"})[0]);
  fs::path home = MakeAgent("desk", secret);
  ProcessResult run = RunOnce(home);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM snapshots"), 1);

  // Each kind of refusal is logged with its peer, once per interval.
  const std::string log = Slurp(dir_ / "server.log");
  EXPECT_EQ(Count(log, "connection closed: per-peer connection limit"), 1u)
      << log;
  EXPECT_NE(log.find("(peer 127.0.0.2)"), std::string::npos) << log;
  EXPECT_EQ(Count(log, "connection closed: evicted idle connection"), 1u)
      << log;
  EXPECT_NE(log.find("at most 40 connections, 10 per peer address"),
            std::string::npos);
  int status = 0;
  std::string metrics = GetMetrics("/metrics", &status);
  EXPECT_NE(metrics.find("kind=\"per-peer-connection-limit\"} 20"),
            std::string::npos)
      << metrics;
}

TEST_F(ConnectionLimitsTest, RunningOutOfDescriptorsIsLoggedOnceWithoutSpin) {
  StopServer(SIGTERM);
  // A limit set above what the process may open, to make accept fail.
  StartServer(0, {"--max-connections", "1000"}, 100);
  std::vector<int> flood = Open("127.0.0.2", 150);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const double before = CpuSeconds(server_pid_);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const double used = CpuSeconds(server_pid_) - before;
  // Old servers retried accept in a loop at ~90 % of a core.
  EXPECT_LT(used, 0.5) << "CPU seconds in 2 s of descriptor exhaustion";
  std::string log = Slurp(dir_ / "server.log");
  EXPECT_EQ(Count(log, "cannot accept connections: Too many open files"), 1u)
      << log;
  EXPECT_NE(log.find("leaves fewer than 256 of the 100 open files"),
            std::string::npos)
      << log;

  // Once descriptors free up the server accepts and answers again.
  for (int fd : flood) ::close(fd);
  fds_.clear();
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    Get("/healthz", "", &status);
    if (status != 200) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  EXPECT_EQ(status, 200);
  log = Slurp(dir_ / "server.log");
  EXPECT_NE(log.find("accepting connections again"), std::string::npos) << log;
}

}  // namespace
}  // namespace surveyor
