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
#include "service/http/server.h"
#include "service/store/store.h"

namespace surveyor::service {

class Api {
 public:
  using Clock = std::function<std::int64_t()>;  // Seconds since the epoch.

  Api(Store& store, Metrics& metrics, Clock clock)
      : store_(store), metrics_(metrics), clock_(std::move(clock)) {}

  HttpResponse Handle(const HttpRequest& req);

 private:
  HttpResponse Enroll(const HttpRequest& req);
  HttpResponse Submit(const HttpRequest& req);
  HttpResponse Read(const HttpRequest& req, std::string_view path);

  Store& store_;
  Metrics& metrics_;
  Clock clock_;
};

}  // namespace surveyor::service
