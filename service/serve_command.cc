// surveyor-server serve: the HTTP(S) server, its worker pool and the
// silent-agent sweep.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <functional>

#include "common/atomic_file.h"
#include "common/logging.h"
#include "common/textproto.h"
#include "common/time_util.h"
#include "service/api/api.h"
#include "service/api/metrics.h"
#include "service/app/catalog_source.h"
#include "service/cli.h"
#include "service/digest_scheduler.h"
#include "service/http/open_files.h"
#include "service/http/server.h"
#include "service/mail/smtp_sender.h"
#include "service/mail_options.h"
#include "service/store/store_factory.h"
#include "surveyor/v1/server_config.pb.h"

namespace surveyor::service {
namespace {

struct Endpoint {
  std::string host;
  std::uint16_t port = 0;
};

// "HOST:PORT" or "[V6]:PORT", strictly.
std::expected<Endpoint, std::string> ParseListen(const std::string& text) {
  auto bad = [&](const std::string& why) {
    return std::unexpected("--listen '" + text + "': " + why);
  };
  auto colon = text.rfind(':');
  if (colon == std::string::npos) return bad("expected HOST:PORT");
  Endpoint e;
  e.host = text.substr(0, colon);
  if (e.host.size() > 2 && e.host.front() == '[' && e.host.back() == ']') {
    e.host = e.host.substr(1, e.host.size() - 2);
  }
  std::string port = text.substr(colon + 1);
  unsigned value = 0;
  auto [end, ec] =
      std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() ||
      value > 65535) {
    return bad("port must be a number from 0 to 65535");
  }
  e.port = static_cast<std::uint16_t>(value);
  boost::system::error_code error;
  boost::asio::ip::make_address(e.host, error);
  if (error) return bad("'" + e.host + "' is not an IP address");
  return e;
}

// Loads `cert` and `key` into a scratch context first (both must load and
// match), then into `ctx`, whose new connections use them.
std::expected<void, std::string> ReloadCertificate(
    boost::asio::ssl::context& ctx, const std::string& cert,
    const std::string& key) {
  boost::system::error_code ec;
  boost::asio::ssl::context probe(boost::asio::ssl::context::tls_server);
  probe.use_certificate_chain_file(cert, ec);
  if (ec) return std::unexpected(cert + ": " + ec.message());
  probe.use_private_key_file(key, boost::asio::ssl::context::pem, ec);
  if (ec) return std::unexpected(key + ": " + ec.message());
  if (::SSL_CTX_check_private_key(probe.native_handle()) != 1) {
    return std::unexpected(key + " does not match " + cert);
  }
  ctx.use_certificate_chain_file(cert, ec);
  if (!ec) ctx.use_private_key_file(key, boost::asio::ssl::context::pem, ec);
  if (ec) return std::unexpected(ec.message());
  return {};
}

// What SIGHUP does: reads the configuration file again (when there is one),
// then the catalog and the TLS pair it names (the command line still wins);
// applies them only when all load. Settings that need new listeners,
// threads or store connections are named for a restart.
void Reload(const cli::Invocation& in, v1::ServerConfig& config,
            std::string& cert, std::string& key, boost::asio::ssl::context* ssl,
            CatalogSource& catalogs, Workers& workers) {
  auto log = common::Logger("server");
  v1::ServerConfig fresh = config;
  if (in.Has("config")) {
    fresh.Clear();
    if (auto loaded = common::LoadTextProto(in.Get("config"), fresh); !loaded) {
      log->error("SIGHUP: keeping the running configuration: {}",
                 loaded.error().message);
      return;
    }
  }
  const std::string new_cert = in.Get("cert", fresh.tls_cert_file());
  const std::string new_key = in.Get("key", fresh.tls_key_file());
  auto catalog =
      findings::Catalog::Load(in.Get("catalog", fresh.catalog_file()));
  if (!catalog) {
    log->error("SIGHUP: keeping the running configuration: {}",
               catalog.error().message);
    return;
  }
  if (ssl == nullptr) {
    if (!new_cert.empty()) {
      log->warn(
          "SIGHUP: a TLS certificate needs a restart of a plain-HTTP "
          "server");
    }
  } else if (auto r = ReloadCertificate(*ssl, new_cert, new_key); !r) {
    log->error("SIGHUP: keeping the running configuration: {}", r.error());
    return;
  } else {
    log->info("SIGHUP: reloaded the TLS certificate {} and key {}", new_cert,
              new_key);
    cert = new_cert;
    key = new_key;
  }
  if (catalog->fingerprint() != catalogs.Current().first->fingerprint()) {
    const std::size_t products = catalog->proto().products_size();
    catalogs.Set(
        std::make_shared<const findings::Catalog>(std::move(*catalog)));
    log->info("SIGHUP: catalog reloaded ({} products); re-matching hosts",
              products);
    // Hosts are re-matched once per database (see SyncCatalog), on the
    // writer like any other write.
    bool queued = workers.Post(Lane::kWrite, [](WorkerContext& w) {
      auto synced = w.App().SyncCatalog();
      if (!synced) {
        common::Logger("findings")
            ->error("catalog re-match: {}", synced.error().message);
      } else {
        common::Logger("findings")
            ->info("catalog changed: re-matched and re-evaluated {} hosts",
                   synced->hosts);
      }
    });
    if (!queued) log->warn("SIGHUP: re-match deferred: write queue full");
  } else {
    log->info("SIGHUP: catalog unchanged");
  }
  v1::ServerConfig before = config, after = fresh;
  for (auto* c : {&before, &after}) {
    c->clear_tls_cert_file();
    c->clear_tls_key_file();
    c->clear_catalog_file();
  }
  if (before.SerializeAsString() != after.SerializeAsString()) {
    log->warn(
        "SIGHUP: other settings in {} changed; they take effect at the "
        "next restart",
        in.Get("config"));
  }
  config = std::move(fresh);
}

int Serve(const cli::Invocation& in) {
  common::InitLogging(in.Flag("verbose"));
  if (!in.Flag("verbose")) spdlog::set_level(spdlog::level::info);
  v1::ServerConfig config;
  if (in.Has("config")) {
    if (auto loaded = common::LoadTextProto(in.Get("config"), config);
        !loaded) {
      return Fail(loaded.error().message);
    }
  }
  auto uint_opt = [&](const char* name, std::uint64_t from_config,
                      std::uint64_t fallback) {
    return in.GetUint(name, from_config ? from_config : fallback);
  };
  std::string cert = in.Get("cert", config.tls_cert_file());
  std::string key = in.Get("key", config.tls_key_file());
  const bool insecure =
      in.Flag("insecure-plain-http") || config.insecure_plain_http();
  const bool tls = !cert.empty() || !key.empty();
  if (tls && (cert.empty() || key.empty())) {
    return Fail("TLS needs both --cert and --key");
  }
  std::string listen =
      in.Get("listen", config.listen().empty()
                           ? (tls ? "0.0.0.0:8443" : "127.0.0.1:8080")
                           : config.listen());
  auto endpoint = ParseListen(listen);
  if (!endpoint) return Fail(endpoint.error());
  if (!tls && !boost::asio::ip::make_address(endpoint->host).is_loopback() &&
      !insecure) {
    return Fail("refusing plain HTTP on " + listen +
                ": give --cert and --key, listen on loopback, or pass "
                "--insecure-plain-http");
  }
  const std::string metrics_listen =
      in.Get("metrics-listen", config.metrics_listen().empty()
                                   ? "127.0.0.1:9469"
                                   : config.metrics_listen());
  std::optional<Endpoint> metrics_endpoint;
  if (metrics_listen != "off") {
    auto m = ParseListen(metrics_listen);
    if (!m) return Fail("--metrics-listen: " + m.error());
    metrics_endpoint = *m;
  }
  std::uint64_t max_body =
      uint_opt("max-body-bytes", config.max_body_bytes(), 8u << 20);
  std::uint64_t max_snapshot =
      uint_opt("max-snapshot-bytes", config.max_snapshot_bytes(), 64u << 20);
  std::uint64_t sweep_seconds =
      uint_opt("sweep-seconds", config.findings_sweep_seconds(), 300);
  std::uint64_t readers = uint_opt("read-workers", config.read_workers(), 2);
  std::uint64_t queue_limit = uint_opt("queue-limit", config.queue_limit(), 64);
  if (max_body == 0) return Fail("--max-body-bytes must be positive");
  if (max_snapshot == 0) return Fail("--max-snapshot-bytes must be positive");
  if (sweep_seconds == 0) return Fail("--sweep-seconds must be positive");
  if (readers == 0 || readers > 64)
    return Fail("--read-workers must be 1 to 64");
  if (queue_limit == 0) return Fail("--queue-limit must be positive");
  const std::uint64_t snapshots_per_hour = in.GetUint(
      "snapshots-per-host-per-hour", config.has_snapshots_per_host_per_hour()
                                         ? config.snapshots_per_host_per_hour()
                                         : 120);
  if (snapshots_per_hour > 1000000) {
    return Fail("--snapshots-per-host-per-hour must be at most 1000000");
  }
  const std::uint64_t retention_days =
      in.GetUint("history-retention-days", config.has_history_retention_days()
                                               ? config.history_retention_days()
                                               : 400);
  if (retention_days > 100000) {
    return Fail("--history-retention-days must be at most 100000");
  }
  if (retention_days != 0 && retention_days < 366) {
    common::Logger("server")->warn(
        "history is kept {} days: shorter than a 12-month audit period",
        retention_days);
  }
  auto mail = ReadMailOptions(in, config);
  if (!mail) return Fail(mail.error());
  std::unique_ptr<MailSender> mail_sender;
  if (!mail->smtp.url.empty()) {
    auto sender = MakeSmtpSender(mail->smtp);
    if (!sender) return Fail(sender.error().message);
    mail_sender = std::move(*sender);
  }
  const std::uint64_t digest_check =
      uint_opt("digest-check-seconds", config.digest_check_seconds(), 60);
  if (digest_check == 0 || digest_check > 86400) {
    return Fail("--digest-check-seconds must be 1 to 86400");
  }
  const OpenFileLimit files = RaiseOpenFileLimit();
  HttpServerOptions options;
  options.max_body_bytes = max_body;
  options.limits.max_total =
      uint_opt("max-connections", config.max_connections(),
               DefaultMaxConnections(files.now));
  options.limits.max_per_peer = in.GetUint(
      "max-connections-per-peer", config.has_max_connections_per_peer()
                                      ? config.max_connections_per_peer()
                                      : 256);
  const std::uint64_t handshake =
      uint_opt("handshake-timeout", config.handshake_timeout_seconds(), 10);
  const std::uint64_t idle =
      uint_opt("idle-timeout", config.idle_timeout_seconds(), 60);
  if (options.limits.max_total == 0) {
    return Fail("--max-connections must be positive");
  }
  if (handshake == 0 || handshake > 3600 || idle == 0 || idle > 3600) {
    return Fail("--handshake-timeout and --idle-timeout must be 1 to 3600");
  }
  options.handshake_timeout = std::chrono::seconds(handshake);
  options.idle_timeout = std::chrono::seconds(idle);
  if (files.now != 0 && options.limits.max_total + kReservedFiles > files.now) {
    common::Logger("server")->warn(
        "--max-connections {} leaves fewer than {} of the {} open files this "
        "process may use for the store and logs; raise LimitNOFILE (ulimit "
        "-n) or lower --max-connections",
        options.limits.max_total, kReservedFiles, files.now);
  }

  std::string url =
      in.Has("store") || in.Has("data-dir") || config.store_url().empty()
          ? StoreUrl(in, config.data_dir())
          : config.store_url();
  const bool postgres = IsPostgresUrl(url);
  std::uint64_t writers =
      uint_opt("write-workers", config.write_workers(), postgres ? 4 : 1);
  if (writers == 0 || writers > 64) {
    return Fail("--write-workers must be 1 to 64");
  }
  if (!postgres && writers != 1) {
    return Fail(
        "--write-workers applies to PostgreSQL stores; the SQLite "
        "store has one writer");
  }
  StoreOptions store_options;
  store_options.password_file =
      in.Get("store-password-file", config.store_password_file());
  store_options.max_connections =
      uint_opt("store-max-connections", config.store_max_connections(),
               readers + writers + 2);
  if (store_options.max_connections < readers + writers) {
    return Fail(
        "--store-max-connections must be at least read workers + "
        "write workers");
  }
  auto catalog =
      findings::Catalog::Load(in.Get("catalog", config.catalog_file()));
  if (!catalog) return Fail(catalog.error().message);
  // Held for the life of the server: a PostgreSQL store's connection pool
  // lives as long as one of its stores does.
  std::unique_ptr<Store> startup_store;
  {
    // Migrations and the catalog sync run once, before any worker starts
    // (with several servers, once per database: see SyncCatalog).
    auto store = OpenStore(url, store_options);
    if (!store) {
      return Fail("cannot open the store (" + url +
                  "): " + store.error().message);
    }
    Application app(**store, &*catalog, Now);
    // A server that cannot write would take agents' snapshots only to
    // fail them all: refuse to start instead.
    if (auto writable = app.ProbeWrites(); !writable) {
      return Fail("the store does not accept writes (" + url +
                  "): " + writable.error().message);
    }
    if (auto synced = app.SyncCatalog(); !synced) {
      return Fail("findings: " + synced.error().message);
    } else if (synced->hosts > 0) {
      common::Logger("findings")
          ->info("catalog changed: re-matched and re-evaluated {} hosts",
                 synced->hosts);
    }
    startup_store = std::move(*store);
  }

  boost::asio::io_context io(1);
  std::optional<boost::asio::ssl::context> ssl;
  if (tls) {
    boost::system::error_code ec;
    ssl.emplace(boost::asio::ssl::context::tls_server);
    ssl->set_options(boost::asio::ssl::context::default_workarounds |
                         boost::asio::ssl::context::no_sslv2 |
                         boost::asio::ssl::context::no_sslv3 |
                         boost::asio::ssl::context::no_tlsv1 |
                         boost::asio::ssl::context::no_tlsv1_1,
                     ec);
    // TLS 1.2 with forward-secret AEAD suites only (no CBC, no SHA-1 MACs);
    // TLS 1.3 suites are all AEAD already.
    if (::SSL_CTX_set_cipher_list(
            ssl->native_handle(),
            "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
            "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
            "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305") != 1) {
      return Fail("cannot set the TLS 1.2 cipher list");
    }
    ssl->use_certificate_chain_file(cert, ec);
    if (ec) return Fail(cert + ": " + ec.message());
    ssl->use_private_key_file(key, boost::asio::ssl::context::pem, ec);
    if (ec) return Fail(key + ": " + ec.message());
  }
  CatalogSource catalogs(
      std::make_shared<const findings::Catalog>(std::move(*catalog)));
  Workers workers(
      readers, queue_limit,
      [url, store_options,
       &catalogs](Lane lane) -> std::unique_ptr<WorkerContext> {
        auto store = OpenStore(url, store_options);
        if (!store) {
          common::Logger("server")->critical(
              "{} worker cannot open the store: {}",
              lane == Lane::kWrite ? "write" : "read", store.error().message);
          return nullptr;
        }
        auto ctx = std::make_unique<WorkerContext>();
        ctx->store = std::move(*store);
        ctx->catalogs = &catalogs;
        ctx->clock = Now;
        ctx->App();
        return ctx;
      },
      writers);
  Metrics metrics;
  ApiOptions api_options;
  api_options.max_snapshot_bytes = max_snapshot;
  api_options.snapshots_per_host_per_hour = snapshots_per_hour;
  api_options.evidence_key_file =
      EvidenceKeyPath(in, url, config.evidence_key_file());
  api_options.tsa_url = in.Get("tsa-url", config.tsa_url());
  api_options.tsa_ca_file = in.Get("tsa-ca-file", config.tsa_ca_file());
  Api api(workers, metrics, api_options);
  options.on_refused = [&api](std::string_view kind, const std::string& peer) {
    api.ConnectionRefused(kind, peer);
  };
  auto server = HttpServer::Listen(
      io, endpoint->host, endpoint->port, ssl ? &*ssl : nullptr,
      [&api](HttpRequest req, Responder respond, std::string peer) {
        api.Handle(std::move(req), std::move(respond), std::move(peer));
      },
      options);
  if (!server) return Fail(server.error().message);
  // Metrics name every tenant (an MSP's client list): their own plain-HTTP
  // listener, loopback by default, never the agents' port. Failing to bind
  // it (another server on this machine has the port) leaves metrics off
  // and the agents served.
  std::unique_ptr<HttpServer> metrics_server;
  if (metrics_endpoint) {
    HttpServerOptions metrics_options;
    metrics_options.max_body_bytes = 4096;
    auto m = HttpServer::Listen(
        io, metrics_endpoint->host, metrics_endpoint->port, nullptr,
        [&api](HttpRequest req, Responder respond, std::string peer) {
          api.HandleMetrics(std::move(req), std::move(respond),
                            std::move(peer));
        },
        metrics_options);
    if (!m) {
      common::Logger("server")->warn("metrics are off: {}", m.error().message);
    } else {
      metrics_server = std::move(*m);
      common::Logger("server")->info("metrics on http://{}:{}/metrics",
                                     metrics_endpoint->host,
                                     metrics_server->port());
      if (in.Has("metrics-port-file")) {
        auto w = common::WriteFileAtomic(
            in.Get("metrics-port-file"),
            std::to_string(metrics_server->port()) + "\n", 0644);
        if (!w) return Fail("--metrics-port-file: " + w.error().message);
      }
    }
  }
  // Last: scripts that wait for it find every listener up, and (written
  // atomically) never a half-written port.
  if (in.Has("port-file")) {
    auto w = common::WriteFileAtomic(
        in.Get("port-file"), std::to_string((*server)->port()) + "\n", 0644);
    if (!w) return Fail("--port-file: " + w.error().message);
  }
  // Agents that fall silent change nothing in the store: look for them, on
  // the writer like any other write.
  boost::asio::steady_timer sweep(io);
  std::function<void()> arm = [&] {
    sweep.expires_after(std::chrono::seconds(sweep_seconds));
    sweep.async_wait([&](const boost::system::error_code& e) {
      if (e) return;
      bool queued = workers.Post(Lane::kWrite, [](WorkerContext& w) {
        if (auto s = w.App().Sweep(); !s) {
          common::Logger("findings")->error("sweep: {}", s.error().message);
        }
      });
      if (!queued) {
        common::Logger("findings")->warn("sweep skipped: write queue full");
      }
      arm();
    });
  };
  arm();
  // Retention: at start, then hourly; a run with more left goes on as a
  // new job, so ingest interleaves with a large first prune.
  boost::asio::steady_timer retention(io);
  std::function<void()> prune = [&] {
    bool queued =
        workers.Post(Lane::kWrite, [&, retention_days](WorkerContext& w) {
          auto r =
              w.App().PruneHistory(static_cast<std::int64_t>(retention_days));
          auto log = common::Logger("retention");
          if (!r) return log->error("pruning history: {}", r.error().message);
          if (r->rows.software + r->rows.snapshots + r->rows.findings +
                  r->rows.saas_days >
              0) {
            log->info(
                "deleted {} software history rows, {} snapshot records, {} "
                "resolved findings and {} SaaS seat-count days that ended "
                "before {} ({} days)",
                r->rows.software, r->rows.snapshots, r->rows.findings,
                r->rows.saas_days, common::FormatRfc3339(r->before),
                retention_days);
          }
          if (r->more) boost::asio::post(io, prune);
        });
    if (!queued) common::Logger("retention")->warn("skipped: write queue full");
  };
  std::function<void()> arm_retention = [&] {
    retention.expires_after(std::chrono::hours(1));
    retention.async_wait([&](const boost::system::error_code& e) {
      if (e) return;
      prune();
      arm_retention();
    });
  };
  if (retention_days > 0) {
    prune();
    arm_retention();
  }
  // Weekly digests, on a thread of their own.
  std::unique_ptr<DigestScheduler> digests;
  if (mail_sender) {
    digests = std::make_unique<DigestScheduler>(
        DigestScheduler::Options{url, store_options, mail->delivery,
                                 static_cast<std::int64_t>(digest_check)},
        std::move(mail_sender), catalogs, metrics);
    digests->Start();
    common::Logger("digest")->info(
        "weekly digests by {} from {}, checked every {} s", mail->smtp.url,
        mail->delivery.from, digest_check);
  }
  // Refused requests beyond the first of each interval are summed up here.
  boost::asio::steady_timer refusals(io);
  std::function<void()> arm_refusals = [&] {
    refusals.expires_after(std::chrono::seconds(10));
    refusals.async_wait([&](const boost::system::error_code& e) {
      if (e) return;
      api.FlushRefusals();
      arm_refusals();
    });
  };
  arm_refusals();
  // SIGHUP: the configuration file, the catalog and the TLS certificate
  // are read again (certbot renewals, catalog updates) without a restart.
  // Anything that does not load keeps everything as it was.
  boost::asio::signal_set hangup(io, SIGHUP);
  std::function<void()> arm_hangup = [&] {
    hangup.async_wait([&](const boost::system::error_code& e, int) {
      if (e) return;
      Reload(in, config, cert, key, ssl ? &*ssl : nullptr, catalogs, workers);
      arm_hangup();
    });
  };
  arm_hangup();
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    common::Logger("server")->info("stopping");
    (*server)->Stop();
    if (metrics_server) metrics_server->Stop();
    sweep.cancel();
    retention.cancel();
    refusals.cancel();
    hangup.cancel();
    io.stop();
  });
  std::fprintf(
      stderr,
      "surveyor-server: listening on %s:%u (%s), store %s, %llu read "
      "workers + %llu writer%s\n",
      endpoint->host.c_str(), (*server)->port(), tls ? "TLS" : "plain HTTP",
      postgres ? "PostgreSQL" : url.c_str(),
      static_cast<unsigned long long>(readers),
      static_cast<unsigned long long>(writers), writers == 1 ? "" : "s");
  common::Logger("server")->info(
      "at most {} connections, {} per peer address; open-file limit {} (was "
      "{}); handshake timeout {} s, idle timeout {} s",
      options.limits.max_total,
      options.limits.max_per_peer == 0
          ? std::string("no limit")
          : std::to_string(options.limits.max_per_peer),
      files.now, files.before, handshake, idle);
  io.run();
  if (digests) digests->Stop();
  workers.Stop();
  return 0;
}

}  // namespace

void AddServeCommand(cli::Program& p) {
  p.Add({"serve",
         "[--config FILE] [options]",
         "Run the server.",
         "Every option may also be set in the --config file "
         "(proto/surveyor/v1/server_config.proto); the command line wins.\n",
         [](cli::po::options_description& o) {
           using cli::po::value;
           o.add_options()("config", value<std::string>()->value_name("FILE"),
                           "ServerConfig in protobuf text format.")(
               "listen", value<std::string>()->value_name("HOST:PORT"),
               "Default 0.0.0.0:8443 with TLS, 127.0.0.1:8080 without. Port 0 "
               "picks a free port.")("cert",
                                     value<std::string>()->value_name("FILE"),
                                     "PEM certificate chain (TLS).")(
               "key", value<std::string>()->value_name("FILE"),
               "PEM private key (TLS).")(
               "insecure-plain-http",
               "Allow plain HTTP on a non-loopback address.")(
               "max-body-bytes", value<cli::Uint>()->value_name("N"),
               "Largest request body on the wire (default 8388608).")(
               "max-snapshot-bytes", value<cli::Uint>()->value_name("N"),
               "Largest snapshot after decompression (default 67108864).")(
               "port-file", value<std::string>()->value_name("FILE"),
               "Write the port actually bound (for scripts).")(
               "metrics-listen", value<std::string>()->value_name("HOST:PORT"),
               "Prometheus /metrics, plain HTTP, on its own listener "
               "(default 127.0.0.1:9469; 'off' for none). Metrics name "
               "every tenant: keep it off networks agents use.")(
               "metrics-port-file", value<std::string>()->value_name("FILE"),
               "Write the metrics port actually bound.")(
               "sweep-seconds", value<cli::Uint>()->value_name("N"),
               "How often to look for silent agents (default 300).")(
               "read-workers", value<cli::Uint>()->value_name("N"),
               "Threads serving reads in parallel (default 2).")(
               "queue-limit", value<cli::Uint>()->value_name("N"),
               "Requests waiting per lane before 503 (default 64).")(
               "write-workers", value<cli::Uint>()->value_name("N"),
               "Threads ingesting in parallel (PostgreSQL only, default "
               "4).")("store-max-connections",
                      value<cli::Uint>()->value_name("N"),
                      "Most PostgreSQL connections this server opens "
                      "(default read + write workers + 2).")(
               "max-connections", value<cli::Uint>()->value_name("N"),
               "Most connections held at once (default: open-file limit "
               "minus 256). Beyond it a new connection replaces the one "
               "waiting longest for a request.")(
               "max-connections-per-peer", value<cli::Uint>()->value_name("N"),
               "Most connections from one address (default 256; 0 = no "
               "limit, e.g. behind a TCP load balancer).")(
               "handshake-timeout", value<cli::Uint>()->value_name("SECONDS"),
               "Longest TLS handshake (default 10).")(
               "history-retention-days", value<cli::Uint>()->value_name("N"),
               "Days of history kept: removed software, snapshot records and "
               "resolved findings older than this are deleted hourly "
               "(default 400; 0 keeps everything).")(
               "snapshots-per-host-per-hour",
               value<cli::Uint>()->value_name("N"),
               "Snapshots one host may submit per hour, in bursts of a "
               "quarter of it (default 120; 0 = no limit); beyond it 429 "
               "with Retry-After.")(
               "idle-timeout", value<cli::Uint>()->value_name("SECONDS"),
               "Longest wait for a connection's next whole request, idle "
               "keep-alive included (default 60).");
           o.add_options()("digest-check-seconds",
                           value<cli::Uint>()->value_name("N"),
                           "How often to look for due weekly digests "
                           "(default 60; digests go out only with "
                           "--smtp-url).");
           AddMailOptions(o);
           AddStoreOptions(o);
           CatalogOption(o);
           EvidenceKeyOption(o);
           TsaOptions(o);
         },
         {},
         0,
         0,
         Serve});
}

}  // namespace surveyor::service
