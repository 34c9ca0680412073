// One HTTPS request on libcurl, as the agent makes them all (to its server
// and to SaaS vendors): TLS verification on (system store or a CA file),
// optional public-key pinning, an HTTPS proxy, connect and total timeouts,
// replies over 16 MiB refused, Retry-After read (seconds or an HTTP date),
// every header of the final response kept,
// and an abort flag checked during the transfer. Every curl return code
// is checked.
#pragma once

#include <atomic>
#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "agent/curl_library.h"
#include "common/error.h"

namespace surveyor::agent {

struct CurlRequest {
  std::string method = "GET";  // or "POST"
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // POST only
  std::string ca_file;
  std::string pinned_public_key;
  std::string https_proxy;
  long connect_timeout_seconds = 10;
  long total_timeout_seconds = 60;
  const std::atomic<bool>* abort = nullptr;
};

struct CurlReply {
  long status = 0;
  std::string body;
  std::optional<std::chrono::seconds> retry_after;
  // The final response's headers: names lower-cased, values trimmed; at
  // most 200, each at most 8 KiB.
  std::vector<std::pair<std::string, std::string>> headers;
};

// Runs `request` on `curl` (a CURL* reused for keep-alive; reset first).
// kIo for connection and TLS failures (naming the URL and curl's reason),
// kResourceExhausted on timeout, kInternal when an option is refused.
std::expected<CurlReply, common::Error> PerformCurl(const CurlApi& api,
                                                    void* curl,
                                                    const CurlRequest& request);

// libcurl loaded on the first request and one handle kept for keep-alive.
// One request at a time.
class CurlHandle {
 public:
  CurlHandle() = default;
  ~CurlHandle();
  CurlHandle(const CurlHandle&) = delete;
  CurlHandle& operator=(const CurlHandle&) = delete;
  std::expected<CurlReply, common::Error> Perform(const CurlRequest& request);

 private:
  const CurlApi* api_ = nullptr;
  void* curl_ = nullptr;  // CURL*
};

}  // namespace surveyor::agent
