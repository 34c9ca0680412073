// The SaaS connectors' HTTP on the agent: libcurl (agent/curl_request.h)
// with the connector's CA file, 10 s to connect and its
// request_timeout_seconds (default 60) per call, replies
// over 16 MiB refused; waits between retries sleep in one-second steps and
// end early when the agent is stopping.
#pragma once

#include <atomic>
#include <memory>

#include "collectors/saas/saas_collector.h"

namespace surveyor::agent {

class CurlSaasFactory final : public collectors::saas::HttpClientFactory {
 public:
  explicit CurlSaasFactory(const std::atomic<bool>* stop)
      : stop_(stop), waiter_(stop) {}
  std::unique_ptr<collectors::saas::HttpClient> For(
      const v1::SaasConnector& c) override;
  collectors::saas::Waiter& waiter() override { return waiter_; }

 private:
  class StoppableWaiter final : public collectors::saas::Waiter {
   public:
    explicit StoppableWaiter(const std::atomic<bool>* stop) : stop_(stop) {}
    void Wait(std::chrono::seconds how_long) override;
    std::int64_t Now() const override;

   private:
    const std::atomic<bool>* stop_;
  };
  const std::atomic<bool>* stop_;
  StoppableWaiter waiter_;
};

// The SaaS connectors' HTTP for this platform: a CurlSaasFactory on Linux;
// null on Windows (saas_http_win32.cc), where the connectors do not run.
std::unique_ptr<collectors::saas::HttpClientFactory> NewSaasHttpFactory(
    const std::atomic<bool>* stop);

}  // namespace surveyor::agent
