#include "agent/saas_http.h"

#include <ctime>
#include <thread>

#include "agent/curl_request.h"

namespace surveyor::agent {
namespace {

class CurlHttpClient final : public collectors::saas::HttpClient {
 public:
  CurlHttpClient(std::string ca_file, long timeout_seconds,
                 const std::atomic<bool>* stop)
      : ca_file_(std::move(ca_file)),
        timeout_seconds_(timeout_seconds),
        stop_(stop) {}

  std::expected<collectors::saas::HttpReply, common::Error> Send(
      const collectors::saas::HttpCall& call) override {
    HttpsRequest r;
    r.method = call.method;
    r.url = call.url;
    for (const auto& [name, value] : call.headers) {
      r.headers.push_back(name + ": " + value);
    }
    r.body = call.body;
    r.ca_file = ca_file_;
    r.total_timeout_seconds = timeout_seconds_;
    r.abort = stop_;
    auto reply = curl_.Perform(r);
    if (!reply) return std::unexpected(reply.error());
    return collectors::saas::HttpReply{reply->status, std::move(reply->body),
                                       reply->retry_after,
                                       std::move(reply->headers)};
  }

 private:
  std::string ca_file_;
  long timeout_seconds_;
  const std::atomic<bool>* stop_;
  CurlHandle curl_;
};

}  // namespace

std::unique_ptr<collectors::saas::HttpClient> CurlSaasFactory::For(
    const v1::SaasConnector& c) {
  return std::make_unique<CurlHttpClient>(
      c.ca_file(),
      c.request_timeout_seconds() ? c.request_timeout_seconds() : 60, stop_);
}

void CurlSaasFactory::StoppableWaiter::Wait(std::chrono::seconds how_long) {
  for (auto left = how_long; left.count() > 0; --left) {
    if (stop_ != nullptr && stop_->load()) return;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

std::int64_t CurlSaasFactory::StoppableWaiter::Now() const {
  return static_cast<std::int64_t>(std::time(nullptr));
}

std::unique_ptr<collectors::saas::HttpClientFactory> NewSaasHttpFactory(
    const std::atomic<bool>* stop) {
  return std::make_unique<CurlSaasFactory>(stop);
}

}  // namespace surveyor::agent
