// Load generator for surveyor-server: enrolls N simulated hosts, submits a
// realistic full inventory for some of them (zstd-compressed as the agent
// sends it, unless --compress 0), then one-package-upgrade deltas, over TLS
// with keep-alive from several connections at once. Prints throughput,
// latency percentiles and the average body per phase. With --token, a last
// phase measures /healthz latency while snapshots of the largest allowed
// size are ingested and /changes?since=0 over the whole tenant runs. A
// benchmark, not a test.
//
//   surveyor-server-load --port P --ca FILE --secret SECRET --inventory FILE
//       [--hosts 10000] [--full-hosts 2000] [--delta-rounds 5]
//       [--connections 8] [--compress 1] [--token T --tenant NAME
//       --large-bytes 8000000 --large-posts 4]
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
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/compression.h"
#include "common/snapshot_delta.h"
#include "surveyor/v1/service.pb.h"
#include "surveyor/v1/snapshot.pb.h"
#include "tests/signed_enroll.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;
using namespace surveyor;

struct Options {
  int port = 0;
  int port2 = 0;  // A second server: odd connections use it.
  std::string ca, secret, inventory;
  int hosts = 10000, full_hosts = 2000, delta_rounds = 5, connections = 8;
  bool compress = true;
  std::string token, tenant = "bench";
  std::size_t large_bytes = 8000000;
  int large_posts = 4;
};

class Client {
 public:
  Client(asio::io_context& io, asio::ssl::context& ctx, int port)
      : stream_(io, ctx), port_(port) {}

  bool Connect() {
    beast::error_code ec;
    asio::ip::tcp::resolver resolver(stream_.get_executor());
    auto results = resolver.resolve("127.0.0.1", std::to_string(port_), ec);
    if (ec) return false;
    beast::get_lowest_layer(stream_).connect(results, ec);
    if (ec) return false;
    // As libcurl (the agent's transport) does by default: without it a
    // body's last segment waits for the server's delayed ACK.
    beast::get_lowest_layer(stream_).socket().set_option(
        asio::ip::tcp::no_delay(true), ec);
    SSL_set_tlsext_host_name(stream_.native_handle(), "localhost");
    stream_.handshake(asio::ssl::stream_base::client, ec);
    return !ec;
  }

  // Returns the HTTP status (0 on a transport error) and the body.
  int Post(const std::string& target, const std::string& body,
           const std::string& bearer, std::string* out,
           const std::string& encoding = "") {
    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::content_type, "application/x-protobuf");
    if (!encoding.empty()) req.set(http::field::content_encoding, encoding);
    req.body() = body;
    return Send(req, bearer, out);
  }
  int Get(const std::string& target, const std::string& bearer,
          std::string* out) {
    http::request<http::string_body> req{http::verb::get, target, 11};
    return Send(req, bearer, out);
  }

 private:
  int Send(http::request<http::string_body>& req, const std::string& bearer,
           std::string* out) {
    req.set(http::field::host, "localhost");
    if (!bearer.empty())
      req.set(http::field::authorization, "Bearer " + bearer);
    req.keep_alive(true);
    req.prepare_payload();
    beast::error_code ec;
    http::write(stream_, req, ec);
    if (ec) return 0;
    http::response_parser<http::string_body> parser;
    parser.body_limit(256u << 20);
    http::read(stream_, buffer_, parser, ec);
    if (ec) return 0;
    auto res = parser.release();
    if (out) *out = std::move(res.body());
    return res.result_int();
  }

 public:
 private:
  beast::ssl_stream<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
  int port_;
};

struct Phase {
  explicit Phase(std::string n) : name(std::move(n)) {}
  std::string name;
  std::vector<double> latencies_ms;
  std::uint64_t bytes = 0;
  int errors = 0;
  double seconds = 0;
  std::mutex mu;
};

void Report(Phase& p) {
  std::sort(p.latencies_ms.begin(), p.latencies_ms.end());
  auto pct = [&](double q) {
    if (p.latencies_ms.empty()) return 0.0;
    return p.latencies_ms[std::min(
        p.latencies_ms.size() - 1,
        static_cast<std::size_t>(q * p.latencies_ms.size()))];
  };
  std::printf(
      "%-18s %7zu requests %8.1f/s  p50 %6.2f ms  p99 %7.2f ms  "
      "avg body %7.0f B  errors %d\n",
      p.name.c_str(), p.latencies_ms.size(),
      p.latencies_ms.size() / std::max(p.seconds, 1e-9), pct(0.5), pct(0.99),
      p.latencies_ms.empty() ? 0.0
                             : static_cast<double>(p.bytes) /
                                   static_cast<double>(p.latencies_ms.size()),
      p.errors);
  std::fflush(stdout);
}

// Runs fn(client, index) for index in [0, n) across the connections.
template <typename Fn>
void RunPhase(const Options& o, asio::ssl::context& ctx, Phase& phase, int n,
              Fn fn) {
  std::atomic<int> next{0};
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < o.connections; ++c) {
    const int port = (o.port2 != 0 && c % 2 == 1) ? o.port2 : o.port;
    threads.emplace_back([&, port] {
      asio::io_context io;
      auto client = std::make_unique<Client>(io, ctx, port);
      if (!client->Connect()) {
        std::lock_guard lock(phase.mu);
        ++phase.errors;
        return;
      }
      std::vector<double> local;
      std::uint64_t bytes = 0;
      int errors = 0;
      for (int i; (i = next++) < n;) {
        auto t0 = Clock::now();
        std::size_t sent = 0;
        bool ok = fn(*client, i, &sent);
        local.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - t0)
                .count());
        bytes += sent;
        if (!ok) {
          ++errors;
          client = std::make_unique<Client>(io, ctx, port);
          client->Connect();
        }
      }
      std::lock_guard lock(phase.mu);
      phase.latencies_ms.insert(phase.latencies_ms.end(), local.begin(),
                                local.end());
      phase.bytes += bytes;
      phase.errors += errors;
    });
  }
  for (auto& t : threads) t.join();
  phase.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  Report(phase);
}

// A snapshot of about `bytes` serialized: the inventory repeated with
// distinct package names, as one host with a huge inventory would send.
std::string LargeSnapshot(const v1::SoftwareInventory& inventory,
                          std::size_t bytes, int host, std::uint64_t seq) {
  v1::Snapshot s;
  s.set_sequence(seq);
  s.mutable_host()->set_machine_id("bench-" + std::to_string(host));
  auto* sec = s.add_sections();
  sec->set_collector("software");
  auto* sw = sec->mutable_software();
  for (int copy = 0; static_cast<std::size_t>(sw->ByteSizeLong()) < bytes;
       ++copy) {
    for (const auto& p : inventory.packages()) {
      auto* q = sw->add_packages();
      *q = p;
      q->set_name(p.name() + "-copy" + std::to_string(copy));
    }
  }
  while (sw->packages_size() > 1 &&
         static_cast<std::size_t>(s.ByteSizeLong()) > bytes) {
    sw->mutable_packages()->RemoveLast();
  }
  common::CanonicalizeSoftware(*sw);
  sec->set_content_hash(common::SoftwareContentHash(*sw));
  return s.SerializeAsString();
}

// /healthz latency while large snapshots are ingested (one connection each,
// `large_posts` in all) and /changes?since=0 over the tenant runs in a loop.
// Returns the number of failed requests.
int HealthUnderLoad(const Options& o, asio::ssl::context& ctx,
                    const v1::SoftwareInventory& inventory,
                    const std::vector<std::string>& keys) {
  const int writers = std::min(4, o.large_posts);
  std::vector<std::vector<std::string>> bodies(writers);
  for (int n = 0; n < o.large_posts; ++n) {
    // Sequences after the delta rounds; hosts beyond the full ones.
    int host = o.full_hosts + n % writers;
    bodies[n % writers].push_back(LargeSnapshot(
        inventory, o.large_bytes, host, static_cast<std::uint64_t>(100 + n)));
  }
  std::atomic<bool> done{false};
  std::atomic<int> errors{0}, ingested{0}, changes{0};
  std::vector<double> ingest_ms, changes_ms;
  std::size_t changes_bytes = 0;
  std::mutex mu;
  std::vector<std::thread> load;
  for (int w = 0; w < writers; ++w) {
    load.emplace_back([&, w] {
      asio::io_context io;
      Client c(io, ctx, o.port);
      if (!c.Connect()) return void(++errors);
      for (const auto& body : bodies[w]) {
        auto t0 = Clock::now();
        int status =
            c.Post("/v1/snapshots", body,
                   keys[static_cast<std::size_t>(o.full_hosts + w)], nullptr);
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0)
                        .count();
        if (status != 200) {
          std::fprintf(stderr, "large snapshot: HTTP %d\n", status);
          ++errors;
        }
        ++ingested;
        std::lock_guard lock(mu);
        ingest_ms.push_back(ms);
      }
    });
  }
  std::thread reader([&] {
    asio::io_context io;
    Client c(io, ctx, o.port);
    if (!c.Connect()) return void(++errors);
    while (!done) {
      std::string out;
      auto t0 = Clock::now();
      int status =
          c.Get("/v1/tenants/" + o.tenant + "/changes?since=0&limit=10000",
                o.token, &out);
      double ms =
          std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      if (status != 200) {
        std::fprintf(stderr, "changes: HTTP %d\n", status);
        ++errors;
        return;
      }
      ++changes;
      std::lock_guard lock(mu);
      changes_ms.push_back(ms);
      changes_bytes = out.size();
    }
  });
  std::vector<double> health;
  {
    asio::io_context io;
    Client c(io, ctx, o.port);
    if (!c.Connect()) ++errors;
    // Probe until the large ingests are done and /changes ran at least twice.
    while (ingested < o.large_posts || changes < 2) {
      auto t0 = Clock::now();
      if (c.Get("/healthz", "", nullptr) != 200) {
        ++errors;
        break;
      }
      health.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  done = true;
  for (auto& t : load) t.join();
  reader.join();
  auto pct = [](std::vector<double> v, double q) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * v.size()))];
  };
  std::printf(
      "under load: %d snapshots of %.1f MB (ingest p50 %.0f ms) and %d "
      "/changes?since=0 of %.1f MB (p50 %.0f ms) ran meanwhile\n",
      o.large_posts, static_cast<double>(bodies[0][0].size()) / 1e6,
      pct(ingest_ms, 0.5), changes.load(),
      static_cast<double>(changes_bytes) / 1e6, pct(changes_ms, 0.5));
  std::printf(
      "/healthz under load  %7zu probes  p50 %7.2f ms  p99 %8.2f ms  max "
      "%8.2f ms\n",
      health.size(), pct(health, 0.5), pct(health, 0.99), pct(health, 1.0));
  std::fflush(stdout);
  return errors;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--port")
      o.port = std::atoi(v.c_str());
    else if (k == "--port2")
      o.port2 = std::atoi(v.c_str());
    else if (k == "--ca")
      o.ca = v;
    else if (k == "--secret")
      o.secret = v;
    else if (k == "--inventory")
      o.inventory = v;
    else if (k == "--hosts")
      o.hosts = std::atoi(v.c_str());
    else if (k == "--full-hosts")
      o.full_hosts = std::atoi(v.c_str());
    else if (k == "--delta-rounds")
      o.delta_rounds = std::atoi(v.c_str());
    else if (k == "--connections")
      o.connections = std::atoi(v.c_str());
    else if (k == "--compress")
      o.compress = v != "0";
    else if (k == "--token")
      o.token = v;
    else if (k == "--tenant")
      o.tenant = v;
    else if (k == "--large-bytes")
      o.large_bytes = std::strtoull(v.c_str(), nullptr, 10);
    else if (k == "--large-posts")
      o.large_posts = std::atoi(v.c_str());
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  // The latency phase's large snapshots come from hosts beyond the full
  // ones (up to four of them).
  const int large_hosts =
      o.token.empty() || o.large_posts <= 0 ? 0 : std::min(4, o.large_posts);
  if (o.full_hosts < 1 || o.delta_rounds < 1 ||
      o.hosts < o.full_hosts + large_hosts) {
    std::fprintf(stderr,
                 "need --full-hosts >= 1, --delta-rounds >= 1 and --hosts >= "
                 "--full-hosts + %d (the latency phase's hosts)\n",
                 large_hosts);
    return 2;
  }
  std::ifstream in(o.inventory, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  v1::Snapshot base;
  if (!base.ParseFromString(ss.str()) || base.sections_size() == 0 ||
      !base.sections(0).has_software()) {
    std::fprintf(stderr, "%s: not a snapshot with a software section\n",
                 o.inventory.c_str());
    return 2;
  }
  const v1::SoftwareInventory& inventory = base.sections(0).software();
  std::printf(
      "%d hosts, %d with %d-package inventories, %d delta rounds, %d "
      "connections\n",
      o.hosts, o.full_hosts, inventory.packages_size(), o.delta_rounds,
      o.connections);

  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.load_verify_file(o.ca);
  ctx.set_verify_mode(asio::ssl::verify_peer);

  std::vector<std::string> keys(static_cast<std::size_t>(o.hosts));
  // Each simulated agent's identity key, made before the clock starts.
  std::vector<common::IdentityKey> identities;
  for (int i = 0; i < o.hosts; ++i) {
    identities.push_back(*common::NewIdentityKey());
  }
  Phase enroll("enroll");
  RunPhase(o, ctx, enroll, o.hosts, [&](Client& c, int i, std::size_t* sent) {
    v1::EnrollRequest req;
    req.set_enroll_secret(o.secret);
    req.mutable_host()->set_machine_id("bench-" + std::to_string(i));
    req.mutable_host()->set_hostname("host" + std::to_string(i));
    surveyor::testing::SignEnroll(req, identities[static_cast<std::size_t>(i)]);
    std::string body = req.SerializeAsString(), out;
    *sent = body.size();
    if (c.Post("/v1/enroll", body, "", &out) != 200) return false;
    v1::EnrollResponse resp;
    if (!resp.ParseFromString(out)) return false;
    keys[static_cast<std::size_t>(i)] = resp.node_key();
    return true;
  });

  // Per host: current inventory (for deltas) and its hash.
  std::vector<v1::SoftwareInventory> current(
      static_cast<std::size_t>(o.full_hosts), inventory);
  std::vector<std::string> hashes(static_cast<std::size_t>(o.full_hosts),
                                  common::SoftwareContentHash(inventory));
  // Full bodies are built (and compressed, as the agent does) before the
  // clock starts, so the generator's own CPU use on this shared 2-core
  // machine is not charged to the server.
  std::vector<std::string> full_bodies(static_cast<std::size_t>(o.full_hosts));
  for (int i = 0; i < o.full_hosts; ++i) {
    v1::Snapshot s;
    s.set_sequence(1);
    s.mutable_host()->set_machine_id("bench-" + std::to_string(i));
    auto* sec = s.add_sections();
    sec->set_collector("software");
    *sec->mutable_software() = inventory;
    sec->set_content_hash(hashes[static_cast<std::size_t>(i)]);
    std::string body = s.SerializeAsString();
    if (o.compress) body = *common::ZstdCompress(body, 9);
    full_bodies[static_cast<std::size_t>(i)] = std::move(body);
  }
  Phase full("full snapshots");
  RunPhase(
      o, ctx, full, o.full_hosts, [&](Client& c, int i, std::size_t* sent) {
        const std::string& body = full_bodies[static_cast<std::size_t>(i)];
        *sent = body.size();
        return c.Post("/v1/snapshots", body, keys[static_cast<std::size_t>(i)],
                      nullptr, o.compress ? "zstd" : "") == 200;
      });
  full_bodies.clear();

  // Delta bodies are built before the clock starts, so the generator's own
  // CPU (diffing ~900 packages) does not compete with the server's.
  int total = o.full_hosts * o.delta_rounds;
  std::vector<std::string> bodies(static_cast<std::size_t>(total));
  for (int n = 0; n < total; ++n) {
    int i = n % o.full_hosts, round = n / o.full_hosts;
    auto& inv = current[static_cast<std::size_t>(i)];
    v1::SoftwareInventory next = inv;
    // One package upgrade per check-in.
    auto* p = next.mutable_packages(round % next.packages_size());
    p->set_version(p->version() + ".b" + std::to_string(round));
    common::CanonicalizeSoftware(next);
    std::string next_hash = common::SoftwareContentHash(next);
    v1::Snapshot s;
    s.set_sequence(static_cast<std::uint64_t>(round) + 2);
    s.mutable_host()->set_machine_id("bench-" + std::to_string(i));
    auto* sec = s.add_sections();
    sec->set_collector("software");
    sec->set_content_hash(next_hash);
    *sec->mutable_software_delta() = common::ComputeSoftwareDelta(
        inv, hashes[static_cast<std::size_t>(i)], next);
    bodies[static_cast<std::size_t>(n)] = s.SerializeAsString();
    inv = std::move(next);
    hashes[static_cast<std::size_t>(i)] = next_hash;
  }
  Phase delta("delta snapshots");
  // Hosts in order within a round, rounds in order: each host's deltas reach
  // the server in sequence as long as connections keep pace.
  RunPhase(o, ctx, delta, total, [&](Client& c, int n, std::size_t* sent) {
    int i = n % o.full_hosts;
    const std::string& body = bodies[static_cast<std::size_t>(n)];
    std::string out;
    *sent = body.size();
    if (c.Post("/v1/snapshots", body, keys[static_cast<std::size_t>(i)],
               &out) != 200) {
      return false;
    }
    v1::SubmitResponse resp;
    return resp.ParseFromString(out) && resp.resend_full_size() == 0;
  });
  int errors = enroll.errors + full.errors + delta.errors;
  // --large-posts 0 fills the store without the latency phase.
  if (!o.token.empty() && o.large_posts > 0) {
    errors += HealthUnderLoad(o, ctx, inventory, keys);
  }
  return errors == 0 ? 0 : 1;
}
