// Connection-flood benchmark for surveyor-server: /healthz latency over
// fresh TLS connections, first on a quiet server, then with a flood of idle
// TCP connections (never starting TLS) and slowloris connections (TLS done,
// then a request trickled one byte at a time) held open from several
// addresses; closed flood connections are reopened, as an attacker would.
// While the flood stands it runs --run (a real agent enrolling and
// submitting) and reports its exit code. Prints both latency sets side by
// side with their ratio. A benchmark: measures, never fails on a slow
// machine (exit 1 only if it could not run).
//
//   surveyor-server-flood --port P --ca FILE [--idle 1500] [--slowloris 1500]
//       [--sources 10] [--requests 300] [--run 'COMMAND']
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Options {
  int port = 0;
  std::string ca, run;
  int idle = 1500, slowloris = 1500, sources = 10, requests = 300;
};

struct Latency {
  std::vector<double> ms;
  int failed = 0;
  double Percentile(double p) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    return ms[std::min(ms.size() - 1, static_cast<std::size_t>(
                                          p * static_cast<double>(ms.size())))];
  }
};

// One GET /healthz on a new TLS connection from 127.0.0.1.
// Runs `io` until its work is done or `limit` passed (then `give_up`
// closes the socket and the handlers drain). Asio's blocking calls ignore
// socket timeouts, and a server that stopped accepting never answers.
void RunWithin(asio::io_context& io, std::chrono::milliseconds limit,
               const std::function<void()>& give_up) {
  io.restart();
  io.run_for(limit);
  if (!io.stopped()) {
    give_up();
    io.restart();
    io.run();
  }
}

// One GET /healthz on a new TLS connection from 127.0.0.1, within 2 s.
bool Healthz(asio::io_context& io, asio::ssl::context& ctx, int port) {
  beast::ssl_stream<beast::tcp_stream> s(io, ctx);
  http::request<http::empty_body> req{http::verb::get, "/healthz", 11};
  req.set(http::field::host, "localhost");
  req.keep_alive(false);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  bool ok = false;
  beast::get_lowest_layer(s).async_connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                    static_cast<unsigned short>(port)),
      [&](beast::error_code ec) {
        if (ec) return;
        s.async_handshake(
            asio::ssl::stream_base::client, [&](beast::error_code ec2) {
              if (ec2) return;
              http::async_write(
                  s, req, [&](beast::error_code ec3, std::size_t) {
                    if (ec3) return;
                    http::async_read(s, buffer, res,
                                     [&](beast::error_code ec4, std::size_t) {
                                       ok = !ec4 &&
                                            res.result() == http::status::ok;
                                     });
                  });
            });
      });
  RunWithin(io, std::chrono::seconds(2),
            [&] { beast::get_lowest_layer(s).close(); });
  return ok;
}

Latency MeasureHealthz(asio::io_context& io, asio::ssl::context& ctx,
                       const Options& o) {
  Latency l;
  int failed_in_a_row = 0;
  for (int i = 0; i < o.requests; ++i) {
    auto start = Clock::now();
    if (!Healthz(io, ctx, o.port)) {
      ++l.failed;
      // A locked-out server (an older build) would take 2 s per request.
      if (++failed_in_a_row == 10) {
        std::printf(
            "/healthz: gave up after 10 failures in a row (2 s "
            "timeout each)\n");
        break;
      }
      continue;
    }
    failed_in_a_row = 0;
    l.ms.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - start)
            .count());
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return l;
}

// The flood: connections held open and reopened when the server closes
// them. Runs on its own thread until stopped.
class Flood {
 public:
  Flood(const Options& o, asio::ssl::context& ctx) : o_(o), ctx_(ctx) {}

  // Eight threads, each keeping its share open (idle ones apart from
  // slowloris ones), so a handshake stuck on a server that stopped
  // accepting does not hold back reopening the others.
  void Run(const std::atomic<bool>& stop) {
    const int total = o_.idle + o_.slowloris;
    conns_.resize(static_cast<std::size_t>(total));
    constexpr int kThreads = 8;
    std::vector<std::atomic<int>> open(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        asio::io_context io;  // this thread's connections
        // Threads 0-1 keep the idle connections, 2-7 the slowloris ones.
        const bool idle_thread = t < 2;
        const int first = idle_thread ? t : o_.idle + (t - 2);
        const int end = idle_thread ? o_.idle : total;
        const int step = idle_thread ? 2 : kThreads - 2;
        auto last_byte = Clock::now();
        while (!stop) {
          int here = 0;
          for (int i = first; i < end && !stop; i += step) {
            auto& c = conns_[static_cast<std::size_t>(i)];
            if (c && Closed(*c)) {
              c.reset();
              ++closed_;
            }
            if (!c) c = Open(i, i >= o_.idle, io);
            if (c) ++here;
          }
          open[static_cast<std::size_t>(t)] = here;
          int sum = 0;
          for (auto& n : open) sum += n;
          held_ = sum;
          if (Clock::now() - last_byte > std::chrono::seconds(5)) {
            for (int i = first; i < end; i += step) {
              auto& c = conns_[static_cast<std::size_t>(i)];
              if (c && c->tls) {
                beast::error_code ec;
                asio::write(*c->tls, asio::buffer("X", 1), ec);
              }
            }
            last_byte = Clock::now();
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        // Closed before their io_context goes.
        for (int i = first; i < end; i += step) {
          conns_[static_cast<std::size_t>(i)].reset();
        }
      });
    }
    for (auto& th : threads) th.join();
  }
  int held() const { return held_; }
  long closed() const { return closed_; }
  long opened() const { return opened_; }

 private:
  struct Conn {
    std::unique_ptr<tcp::socket> raw;
    std::unique_ptr<beast::ssl_stream<tcp::socket&>> tls;
  };
  static bool Closed(Conn& c) {
    char byte;
    ssize_t n =
        ::recv(c.raw->native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
  }
  // A new flood connection on `io` (the calling thread's), or null when
  // the server refused it or did not take it within 2 s.
  std::unique_ptr<Conn> Open(int i, bool slow, asio::io_context& io) {
    auto c = std::make_unique<Conn>();
    c->raw = std::make_unique<tcp::socket>(io);
    beast::error_code ec;
    const std::string source =
        "127.0.1." + std::to_string(1 + i % std::max(1, o_.sources));
    c->raw->open(tcp::v4(), ec);
    if (!ec) c->raw->bind(tcp::endpoint(asio::ip::make_address(source), 0), ec);
    if (ec) return nullptr;
    bool ready = false;
    const std::string start = "POST /v1/snapshots HTTP/1.1\r\nHost: x\r\n";
    if (slow) {
      c->tls = std::make_unique<beast::ssl_stream<tcp::socket&>>(*c->raw, ctx_);
    }
    c->raw->async_connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                      static_cast<unsigned short>(o_.port)),
        [&](beast::error_code e) {
          if (e) return;
          if (!slow) {
            ready = true;
            return;
          }
          c->tls->async_handshake(
              asio::ssl::stream_base::client, [&](beast::error_code e2) {
                if (e2) return;
                asio::async_write(
                    *c->tls, asio::buffer(start),
                    [&](beast::error_code e3, std::size_t) { ready = !e3; });
              });
        });
    RunWithin(io, std::chrono::seconds(2), [&] {
      beast::error_code ignored;
      c->raw->close(ignored);
    });
    if (!ready) return nullptr;
    ++opened_;
    return c;
  }

  const Options& o_;
  asio::ssl::context& ctx_;
  std::vector<std::unique_ptr<Conn>> conns_;
  std::atomic<int> held_{0};
  std::atomic<long> closed_{0}, opened_{0};
};

int Usage() {
  std::fprintf(stderr,
               "usage: surveyor-server-flood --port P --ca FILE [--idle N] "
               "[--slowloris N] [--sources K] [--requests R] [--run CMD]\n");
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") return Usage(), 0;
    if (i + 1 >= argc) return Usage();
    std::string v = argv[++i];
    if (a == "--port")
      o.port = std::atoi(v.c_str());
    else if (a == "--ca")
      o.ca = v;
    else if (a == "--idle")
      o.idle = std::atoi(v.c_str());
    else if (a == "--slowloris")
      o.slowloris = std::atoi(v.c_str());
    else if (a == "--sources")
      o.sources = std::atoi(v.c_str());
    else if (a == "--requests")
      o.requests = std::atoi(v.c_str());
    else if (a == "--run")
      o.run = v;
    else
      return Usage();
  }
  if (o.port <= 0 || o.ca.empty() || o.requests <= 0) return Usage();
  asio::io_context io;
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.load_verify_file(o.ca);
  ctx.set_verify_mode(asio::ssl::verify_peer);

  Latency quiet = MeasureHealthz(io, ctx, o);
  if (quiet.ms.empty()) {
    std::fprintf(stderr, "surveyor-server-flood: /healthz never answered\n");
    return 1;
  }
  std::atomic<bool> stop{false};
  asio::ssl::context flood_ctx(asio::ssl::context::tls_client);
  flood_ctx.set_verify_mode(asio::ssl::verify_none);
  Flood flood(o, flood_ctx);
  auto started = Clock::now();
  std::thread flooder([&] { flood.Run(stop); });
  // Let the flood reach its size (or what the server lets it hold).
  for (int i = 0; i < 600 && flood.opened() < o.idle + o.slowloris; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::printf("flood: %ld connections opened in %.1f s from %d addresses\n",
              flood.opened(),
              std::chrono::duration<double>(Clock::now() - started).count(),
              o.sources);
  int run_status = -1;
  double run_seconds = 0;
  if (!o.run.empty()) {
    auto t = Clock::now();
    run_status = std::system(o.run.c_str());
    run_seconds = std::chrono::duration<double>(Clock::now() - t).count();
  }
  Latency loaded = MeasureHealthz(io, ctx, o);
  const int held = flood.held();
  stop = true;
  flooder.join();

  std::printf("%-28s %12s %12s %8s\n", "/healthz (new TLS conn.)", "quiet",
              "flooded", "ratio");
  auto row = [](const char* name, double a, double b) {
    std::printf("%-28s %10.2fms %10.2fms %7.2fx\n", name, a, b,
                a > 0 ? b / a : 0.0);
  };
  row("p50", quiet.Percentile(0.50), loaded.Percentile(0.50));
  row("p99", quiet.Percentile(0.99), loaded.Percentile(0.99));
  row("max", quiet.Percentile(1.0), loaded.Percentile(1.0));
  std::printf("%-28s %12d %12d\n", "failed requests", quiet.failed,
              loaded.failed);
  std::printf(
      "flood sockets open on the client side at the end: %d of %d "
      "(the server holds at most its --max-connections of them); "
      "%ld were closed by the server and reopened\n",
      held, o.idle + o.slowloris, flood.closed());
  if (!o.run.empty()) {
    std::printf("agent under flood: exit %d in %.1f s\n",
                WIFEXITED(run_status) ? WEXITSTATUS(run_status) : -1,
                run_seconds);
  }
  return 0;
}
