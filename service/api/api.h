// The server's HTTP API as one route table: method, path pattern with named
// parameters, who may call it, which lane runs it, and the handler. Agent
// endpoints speak protobuf; the read API speaks JSON; every error body is
// JSON: {"error": "<kind>", "detail": "<what and where>"}.
//
//   access    public | node key (agents) | API token | admin token
//   lane      inline on the I/O thread (/healthz only), or a worker pool
//             lane: reads in parallel, writes (enroll, ingest, policy) on
//             the one writer thread
//
// Authentication and tenant authorisation happen once, in Dispatch: a route
// with {tenant} or {agent} gets the tenant or host resolved and checked
// against the token (a tenant token never learns which other tenants or
// hosts exist: 403, not 404). Unknown path: 404; known path, other method:
// 405 with Allow; full queue: 503 with Retry-After; decompressed body over
// the limit: 413; unknown Content-Encoding: 415.
//
// Thread-safety: Handle() on the I/O thread; handlers run on workers, each
// with its own Application (and store connection).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "service/api/failure_log.h"
#include "service/api/host_rate_limit.h"
#include "service/api/metrics.h"
#include "service/api/pagination.h"
#include "service/app/application.h"
#include "service/app/catalog_source.h"
#include "service/http/router.h"
#include "service/http/server.h"
#include "service/http/worker_pool.h"

namespace surveyor::service {

// What each worker thread owns.
struct WorkerContext {
  std::unique_ptr<Store> store;
  std::unique_ptr<Application> app;
  // With a source, App() rebuilds `app` when the source's catalog was
  // replaced (SIGHUP); `catalog` keeps the one `app` uses alive.
  CatalogSource* catalogs = nullptr;
  CatalogSource::Ptr catalog;
  std::uint64_t generation = 0;
  Clock clock;

  // The application for the next job, on the current catalog.
  Application& App();
};
using Workers = WorkerPool<WorkerContext>;

struct ApiOptions {
  // Largest snapshot after decompression.
  std::size_t max_snapshot_bytes = 64u << 20;
  // Retry-After for 503 when a queue is full.
  int retry_after_seconds = 5;
  // Snapshots one host may submit per hour (bursts of a quarter of it);
  // beyond it 429 with Retry-After. 0: no limit.
  unsigned snapshots_per_host_per_hour = 120;
  // Evidence bundles' signing key (service/evidence/evidence_key.h).
  std::string evidence_key_file;
  // RFC 3161 authority for evidence manifests (empty: none).
  std::string tsa_url;
  std::string tsa_ca_file;
};

class Api {
 public:
  Api(Workers& workers, Metrics& metrics, ApiOptions options);

  // `peer` (address:port) goes into log lines about refused requests.
  void Handle(HttpRequest req, Responder respond, std::string peer = "local");
  // The metrics listener's requests: /metrics and /healthz only. Metrics
  // name every tenant, so they are never served by Handle.
  void HandleMetrics(HttpRequest req, Responder respond,
                     std::string peer = "local");
  // Sums up refused requests not logged one by one (a timer calls it).
  void FlushRefusals() { refusals_.Flush(); }
  // A connection the HTTP layer closed unanswered (connection limits):
  // logged like refused requests and counted in the metrics.
  void ConnectionRefused(std::string_view kind, const std::string& peer);

 private:
  enum class Access { kPublic, kNodeKey, kToken, kAdmin };
  // One request being handled on a worker.
  struct Call {
    const HttpRequest& req;
    const PathParams& params;
    std::string_view query;
    Application* app;                    // Null for inline routes.
    std::optional<Principal> principal;  // Token routes.
    std::optional<Host> node;            // Node-key routes: the caller.
    std::optional<Tenant> tenant;        // Routes with {tenant}.
    std::optional<Host> host;            // Routes with {agent}.
    std::string_view peer = {};          // Client address, for logs.
  };
  using RouteHandler = std::function<HttpResponse(Api&, Call&)>;
  struct Route {
    Access access;
    std::optional<Lane> lane;  // Empty: inline.
    RouteHandler handler;
  };

  void Routes();
  void Serve(const Router<Route>& router, HttpRequest req, Responder respond,
             std::string peer);
  HttpResponse Dispatch(const Route& route, const HttpRequest& req,
                        const PathParams& params, Application& app,
                        std::string_view peer);

  HttpResponse Metrics(Call& c);
  HttpResponse Enroll(Call& c);
  HttpResponse Submit(Call& c);
  HttpResponse Tenants(Call& c);
  HttpResponse TenantHosts(Call& c);
  HttpResponse TenantSoftware(Call& c);
  HttpResponse TenantChanges(Call& c);
  HttpResponse TenantFindings(Call& c);
  HttpResponse TenantProducts(Call& c);
  HttpResponse TenantSaas(Call& c);
  HttpResponse TenantDigest(Call& c);
  HttpResponse TenantEvidence(Call& c);
  HttpResponse HostSection(Call& c);
  HttpResponse TenantSaasHistory(Call& c);
  std::optional<HttpResponse> TimeWindow(Call& c, std::int64_t span,
                                         std::int64_t& since,
                                         std::int64_t& until);
  HttpResponse GetPolicy(Call& c);
  HttpResponse PutPolicy(Call& c);
  HttpResponse GetContracts(Call& c);
  HttpResponse PutContracts(Call& c);
  HttpResponse HostSoftware(Call& c);
  // One page of `list` (an array inside `body`, or `body` itself) ordered
  // by `key`, with the Link header (and `next_cursor` in an object body)
  // for the next; 400 for a bad limit or cursor.
  HttpResponse Paged(Call& c, boost::json::value body,
                     boost::json::array& (*list)(boost::json::value&),
                     const PageKey& key);
  // A JSON error response, counted in the metrics by kind: every error
  // response goes through here, so each is counted exactly once.
  HttpResponse Reject(const HttpRequest& req, boost::beast::http::status status,
                      std::string_view kind, std::string_view detail);
  // The error response for a failed use case.
  HttpResponse Failed(const Call& c, const common::Error& e,
                      std::string_view what);

  Workers& workers_;
  class Metrics& metrics_;
  ApiOptions options_;
  Router<Route> router_;
  Router<Route> metrics_router_;
  FailureLog refusals_;
  HostRateLimit snapshot_rate_;
};

}  // namespace surveyor::service
