// The real Api with its worker pool over a real store (URL or directory),
// driven synchronously: Call() hands a request to Api::Handle and waits for the
// response, wherever it is produced. For tests of the API without sockets.
#pragma once

#include <future>
#include <memory>
#include <string>

#include "service/api/api.h"
#include "service/store/store_factory.h"
#include "tests/service/server_harness.h"

namespace surveyor::service {

class ApiHarness {
 public:
  ApiHarness(const std::string& dir, const findings::Catalog* catalog,
             Clock clock, std::size_t readers = 2, std::size_t queue_limit = 64,
             ApiOptions options = {})
      : workers_(readers, queue_limit,
                 [url = StoreUrlOrDir(dir), catalog, clock](Lane) {
                   auto ctx = std::make_unique<WorkerContext>();
                   auto store = OpenStore(url);
                   if (!store) return std::unique_ptr<WorkerContext>();
                   ctx->store = std::move(*store);
                   ctx->app = std::make_unique<Application>(*ctx->store,
                                                            catalog, clock);
                   return ctx;
                 }),
        api_(workers_, metrics_, options) {}

  HttpResponse Call(HttpRequest req) {
    auto done = std::make_shared<std::promise<HttpResponse>>();
    auto result = done->get_future();
    api_.Handle(std::move(req),
                [done](HttpResponse res) { done->set_value(std::move(res)); });
    return result.get();
  }
  // Hands the request over without waiting.
  void Start(HttpRequest req, Responder respond) {
    api_.Handle(std::move(req), std::move(respond));
  }

  Workers& workers() { return workers_; }

 private:
  Metrics metrics_;
  Workers workers_;
  Api api_;
};

}  // namespace surveyor::service
