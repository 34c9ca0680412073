// surveyor-server: the multi-tenant aggregator and its administration CLI.
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/logging.h"
#include "common/textproto.h"
#include "service/api/api.h"
#include "service/api/metrics.h"
#include "service/http/server.h"
#include "service/store/sqlite_store.h"
#include "surveyor/v1/server_config.pb.h"

namespace {

using namespace surveyor;

constexpr std::string_view kUsage = R"(Usage: surveyor-server COMMAND [options]

Surveyor's aggregator: enrolls agents per tenant, stores their snapshots with
history, and serves the JSON read API.

Commands:
  serve                       Run the server.
  tenant add NAME             Create a tenant; prints its enrollment secret.
  tenant list                 List tenants with their host counts.
  tenant rotate-secret NAME   Replace a tenant's enrollment secret.
  token add --tenant NAME     A read-only API token for one tenant.
  token add --admin           An API token across all tenants.
  version                     Print the version.

Options (every command):
  --data-dir DIR              The store's directory (default
                              /var/lib/surveyor-server, or $SURVEYOR_DATA_DIR).
  -v, --verbose               Debug logging on standard error.

Options (serve):
  --config FILE               ServerConfig in protobuf text format
                              (proto/surveyor/v1/server_config.proto).
  --listen HOST:PORT          Default 0.0.0.0:8443 with TLS, 127.0.0.1:8080
                              without. Port 0 picks a free port.
  --cert FILE --key FILE      PEM certificate chain and private key (TLS).
  --insecure-plain-http       Allow plain HTTP on a non-loopback address.
  --max-body-bytes N          Largest request body (default 8388608).
  --port-file FILE            Write the port actually bound (for scripts).

Secrets, node keys and tokens are printed once and stored only as hashes.
)";

int Fail(const std::string& message) {
  std::fprintf(stderr, "surveyor-server: %s\n", message.c_str());
  return 2;
}

std::int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
  bool verbose = false;
  bool admin = false;
  bool insecure = false;
};

std::expected<Args, std::string> ParseArgs(int argc, char** argv) {
  Args a;
  static const std::set<std::string> kWithValue = {
      "--data-dir", "--config", "--listen",    "--cert",
      "--key",      "--tenant", "--port-file", "--max-body-bytes"};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-v" || arg == "--verbose") {
      a.verbose = true;
    } else if (arg == "--admin") {
      a.admin = true;
    } else if (arg == "--insecure-plain-http") {
      a.insecure = true;
    } else if (kWithValue.contains(arg)) {
      if (i + 1 >= argc) return std::unexpected(arg + " needs a value");
      a.options[arg] = argv[++i];
    } else if (arg.starts_with("--") && arg.find('=') != std::string::npos &&
               kWithValue.contains(arg.substr(0, arg.find('=')))) {
      a.options[arg.substr(0, arg.find('='))] = arg.substr(arg.find('=') + 1);
    } else if (arg.starts_with("-")) {
      return std::unexpected("unknown option '" + arg + "'");
    } else {
      a.positional.push_back(arg);
    }
  }
  return a;
}

std::string DataDir(const Args& a) {
  if (auto it = a.options.find("--data-dir"); it != a.options.end()) {
    return it->second;
  }
  if (const char* env = std::getenv("SURVEYOR_DATA_DIR"); env && *env) {
    return env;
  }
  return "/var/lib/surveyor-server";
}

int Serve(const Args& a) {
  v1::ServerConfig config;
  if (auto it = a.options.find("--config"); it != a.options.end()) {
    if (auto loaded = common::LoadTextProto(it->second, config); !loaded) {
      return Fail(loaded.error().message);
    }
  }
  auto opt = [&](const char* name, std::string fallback) {
    auto it = a.options.find(name);
    return it != a.options.end() ? it->second : fallback;
  };
  std::string cert = opt("--cert", config.tls_cert_file());
  std::string key = opt("--key", config.tls_key_file());
  bool insecure = a.insecure || config.insecure_plain_http();
  bool tls = !cert.empty() || !key.empty();
  if (tls && (cert.empty() || key.empty())) {
    return Fail("TLS needs both --cert and --key");
  }
  std::string listen =
      opt("--listen", config.listen().empty()
                          ? (tls ? "0.0.0.0:8443" : "127.0.0.1:8080")
                          : config.listen());
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return Fail("--listen wants HOST:PORT");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string port_text = listen.substr(colon + 1);
  int port = -1;
  auto [end, perr] = std::from_chars(port_text.data(),
                                     port_text.data() + port_text.size(), port);
  if (perr != std::errc() || end != port_text.data() + port_text.size() ||
      port < 0 || port > 65535) {
    return Fail("--listen: bad port in " + listen);
  }
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(host, ec);
  if (ec) return Fail("--listen: bad address '" + host + "'");
  if (!tls && !address.is_loopback() && !insecure) {
    return Fail("refusing plain HTTP on " + listen +
                ": give --cert and --key, listen on loopback, or pass "
                "--insecure-plain-http");
  }
  std::size_t max_body =
      config.max_body_bytes() ? config.max_body_bytes() : 8u << 20;
  if (auto it = a.options.find("--max-body-bytes"); it != a.options.end()) {
    max_body = std::strtoull(it->second.c_str(), nullptr, 10);
    if (max_body == 0) return Fail("--max-body-bytes must be positive");
  }

  std::string data_dir = opt(
      "--data-dir", config.data_dir().empty() ? DataDir(a) : config.data_dir());
  auto store = service::SqliteStore::Open(data_dir);
  if (!store) return Fail(store.error().message);

  boost::asio::io_context io(1);
  std::optional<boost::asio::ssl::context> ssl;
  if (tls) {
    ssl.emplace(boost::asio::ssl::context::tls_server);
    ssl->set_options(boost::asio::ssl::context::default_workarounds |
                         boost::asio::ssl::context::no_sslv2 |
                         boost::asio::ssl::context::no_sslv3 |
                         boost::asio::ssl::context::no_tlsv1 |
                         boost::asio::ssl::context::no_tlsv1_1,
                     ec);
    ssl->use_certificate_chain_file(cert, ec);
    if (ec) return Fail(cert + ": " + ec.message());
    ssl->use_private_key_file(key, boost::asio::ssl::context::pem, ec);
    if (ec) return Fail(key + ": " + ec.message());
  }
  service::Metrics metrics;
  service::Api api(**store, metrics, Now);
  service::HttpServerOptions options;
  options.max_body_bytes = max_body;
  auto server = service::HttpServer::Listen(
      io, host, static_cast<std::uint16_t>(port), ssl ? &*ssl : nullptr,
      [&api](const service::HttpRequest& req) { return api.Handle(req); },
      options);
  if (!server) return Fail(server.error().message);
  if (auto it = a.options.find("--port-file"); it != a.options.end()) {
    std::ofstream(it->second) << (*server)->port() << "\n";
  }
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    common::Logger("server")->info("stopping");
    (*server)->Stop();
    io.stop();
  });
  std::fprintf(stderr, "surveyor-server: listening on %s:%u (%s), store %s\n",
               host.c_str(), (*server)->port(), tls ? "TLS" : "plain HTTP",
               data_dir.c_str());
  io.run();
  return 0;
}

int Admin(const Args& a) {
  const auto& p = a.positional;
  auto store = service::SqliteStore::Open(DataDir(a));
  if (!store) return Fail(store.error().message);
  auto& s = **store;
  if (p[0] == "tenant" && p.size() == 3 && p[1] == "add") {
    auto secret = s.AddTenant(p[2], Now());
    if (!secret) return Fail(secret.error().message);
    std::printf("tenant %s created\nenrollment secret (shown once): %s\n",
                p[2].c_str(), secret->c_str());
    return 0;
  }
  if (p[0] == "tenant" && p.size() == 2 && p[1] == "list") {
    auto tenants = s.ListTenants();
    if (!tenants) return Fail(tenants.error().message);
    std::printf("%-32s %6s  %s\n", "TENANT", "HOSTS", "CREATED");
    for (const auto& t : *tenants) {
      char when[32];
      std::time_t created = static_cast<std::time_t>(t.created_at);
      std::tm tm{};
      ::gmtime_r(&created, &tm);
      std::strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
      std::printf("%-32s %6lld  %s\n", t.name.c_str(),
                  static_cast<long long>(t.hosts), when);
    }
    return 0;
  }
  if (p[0] == "tenant" && p.size() == 3 && p[1] == "rotate-secret") {
    auto secret = s.RotateSecret(p[2], Now());
    if (!secret) return Fail(secret.error().message);
    std::printf(
        "new enrollment secret for %s (shown once; the old one no "
        "longer enrolls): %s\n",
        p[2].c_str(), secret->c_str());
    return 0;
  }
  if (p[0] == "token" && p.size() == 2 && p[1] == "add") {
    auto tenant = a.options.find("--tenant");
    if (a.admin == (tenant != a.options.end())) {
      return Fail("token add needs exactly one of --tenant NAME or --admin");
    }
    auto token = s.AddToken(a.admin ? "" : tenant->second, Now());
    if (!token) return Fail(token.error().message);
    std::printf("%s token (shown once): %s\n",
                a.admin ? "admin" : ("read-only " + tenant->second).c_str(),
                token->c_str());
    return 0;
  }
  return Fail("unknown command; see 'surveyor-server help'");
}

}  // namespace

int main(int argc, char** argv) {
  auto args = ParseArgs(argc, argv);
  if (!args) return Fail(args.error() + "; see 'surveyor-server help'");
  common::InitLogging(args->verbose);
  if (!args->verbose) spdlog::set_level(spdlog::level::info);
  const auto& p = args->positional;
  if (p.empty() || p[0] == "help" || p[0] == "--help") {
    std::fwrite(kUsage.data(), 1, kUsage.size(), p.empty() ? stderr : stdout);
    return p.empty() ? 2 : 0;
  }
  if (p[0] == "version") {
    std::printf("surveyor-server %s\n", SURVEYOR_VERSION);
    return 0;
  }
  if (p[0] == "serve") return Serve(*args);
  if (p[0] == "tenant" || p[0] == "token") return Admin(*args);
  return Fail("unknown command '" + p[0] + "'; see 'surveyor-server help'");
}
