// The server's HTTP API: agent endpoints (protobuf) and the read API (JSON)
// for tenant and admin tokens, /healthz and /metrics. Maps each request to
// Store calls and each failure to a clear status: 400 malformed, 401 unknown
// credential, 403 wrong tenant, 404 unknown path or object, 405 method, 413
// too large (enforced by HttpServer), 500 store failure. Nothing a client
// sends can make it throw or crash.
//
// Used on the io_context thread only.
#pragma once

#include <chrono>
#include <functional>

#include "service/api/metrics.h"
#include "service/findings/engine.h"
#include "service/http/server.h"
#include "service/store/store.h"

namespace surveyor::service {

class Api {
 public:
  using Clock = std::function<std::int64_t()>;  // Seconds since the epoch.

  // Without an engine the findings endpoints answer 404 and ingest does not
  // re-evaluate findings.
  Api(Store& store, Metrics& metrics, Clock clock,
      findings::Engine* engine = nullptr,
      const findings::Catalog* catalog = nullptr)
      : store_(store),
        metrics_(metrics),
        clock_(std::move(clock)),
        engine_(engine),
        catalog_(catalog) {}

  HttpResponse Handle(const HttpRequest& req);

 private:
  HttpResponse Enroll(const HttpRequest& req);
  HttpResponse Submit(const HttpRequest& req);
  HttpResponse Read(const HttpRequest& req, std::string_view path);
  // /v1/tenants/NAME/{findings,products,policy} (findings_api.cc).
  HttpResponse TenantFindings(const HttpRequest& req, const Tenant& tenant,
                              std::string_view what, std::string_view query,
                              const Principal& principal);

  Store& store_;
  Metrics& metrics_;
  Clock clock_;
  findings::Engine* engine_;
  const findings::Catalog* catalog_;
};

}  // namespace surveyor::service
