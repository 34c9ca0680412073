// One HTTPS request (agent/https_request.h) on libcurl, the Linux agent's
// transport. Every curl return code is checked.
#pragma once

#include <atomic>
#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "agent/curl_library.h"
#include "agent/https_request.h"
#include "common/error.h"

namespace surveyor::agent {

// Runs `request` on `curl` (a CURL* reused for keep-alive; reset first).
// kIo for connection and TLS failures (naming the URL and curl's reason),
// kResourceExhausted on timeout, kInternal when an option is refused.
std::expected<HttpsReply, common::Error> PerformCurl(
    const CurlApi& api, void* curl, const HttpsRequest& request);

// libcurl loaded on the first request and one handle kept for keep-alive.
// One request at a time.
class CurlHandle final : public HttpsClient {
 public:
  CurlHandle() = default;
  ~CurlHandle() override;
  CurlHandle(const CurlHandle&) = delete;
  CurlHandle& operator=(const CurlHandle&) = delete;
  std::expected<HttpsReply, common::Error> Perform(
      const HttpsRequest& request) override;

 private:
  const CurlApi* api_ = nullptr;
  void* curl_ = nullptr;  // CURL*
};

}  // namespace surveyor::agent
