// surveyor-server: the multi-tenant aggregator and its administration CLI.
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/logging.h"
#include "common/textproto.h"
#include "service/api/api.h"
#include "service/api/metrics.h"
#include "service/cli.h"
#include "service/findings/catalog.h"
#include "service/findings/engine.h"
#include "service/findings_commands.h"
#include "service/http/server.h"
#include "service/store/sqlite_store.h"
#include "surveyor/v1/server_config.pb.h"

namespace {

using namespace surveyor;
using service::Args;
using service::DataDir;
using service::Fail;
using service::Now;
using service::ParseArgs;

constexpr std::string_view kUsage = R"(Usage: surveyor-server COMMAND [options]

Surveyor's aggregator: enrolls agents per tenant, stores their snapshots with
history, flags tool overlap, shadow IT and control gaps, and serves the JSON
read API.

Commands:
  serve                       Run the server.
  tenant add NAME             Create a tenant; prints its enrollment secret.
  tenant list                 List tenants with their host counts.
  tenant rotate-secret NAME   Replace a tenant's enrollment secret.
  token add --tenant NAME     A read-only API token for one tenant.
  token add --admin           An API token across all tenants.
  findings --tenant NAME [--open|--all] [--format table|json]
                              The tenant's findings (default: open ones):
                              tool overlap, shadow IT, control gaps.
  products --tenant NAME [--uncatalogued]
                              Catalogued products with host counts, or the
                              inventory entries no catalog product claims.
  policy show --tenant NAME   The tenant's policy (or the defaults).
  policy set --tenant NAME FILE
                              Set it from a TenantPolicy textproto
                              (install/policy.example.textproto).
  catalog check               Validate the catalog (--catalog FILE or the
                              built-in one).
  catalog match [--source deb|rpm|flatpak|snap|windows|macos|
                browser-extension] [--publisher P] NAME...
                              How names resolve to catalog products.
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
  --catalog FILE              Replace the built-in catalog (serve, findings,
                              products, policy, catalog).
  --sweep-seconds N           How often to look for silent agents (300).

Secrets, node keys and tokens are printed once and stored only as hashes.
)";

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
  auto catalog =
      findings::Catalog::Load(opt("--catalog", config.catalog_file()));
  if (!catalog) return Fail(catalog.error().message);
  findings::Engine engine(**store, *catalog);
  if (auto synced = engine.SyncCatalog(Now()); !synced) {
    return Fail("findings: " + synced.error().message);
  } else if (synced->hosts > 0) {
    common::Logger("findings")
        ->info("catalog changed: re-matched and re-evaluated {} hosts",
               synced->hosts);
  }
  service::Metrics metrics;
  service::Api api(**store, metrics, Now, &engine, &*catalog);
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
  // Agents that fall silent change nothing in the store: look for them.
  long sweep_seconds =
      std::strtol(opt("--sweep-seconds",
                      std::to_string(config.findings_sweep_seconds()
                                         ? config.findings_sweep_seconds()
                                         : 300))
                      .c_str(),
                  nullptr, 10);
  if (sweep_seconds <= 0) return Fail("--sweep-seconds must be positive");
  boost::asio::steady_timer sweep(io);
  std::function<void()> arm = [&] {
    sweep.expires_after(std::chrono::seconds(sweep_seconds));
    sweep.async_wait([&](const boost::system::error_code& e) {
      if (e) return;
      if (auto s = engine.Sweep(Now()); !s) {
        common::Logger("findings")->error("sweep: {}", s.error().message);
      }
      arm();
    });
  };
  arm();
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    common::Logger("server")->info("stopping");
    (*server)->Stop();
    sweep.cancel();
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
  if (p[0] == "catalog") return service::CatalogCommand(*args);
  if (p[0] == "findings") return service::FindingsCommand(*args);
  if (p[0] == "products") return service::ProductsCommand(*args);
  if (p[0] == "policy") return service::PolicyCommand(*args);
  return Fail("unknown command '" + p[0] + "'; see 'surveyor-server help'");
}
