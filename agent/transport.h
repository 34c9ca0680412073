// How the agent talks to the server: Transport is the interface (a fake in
// tests/fakes/fake_transport.h drives the send loop in unit tests);
// HttpsTransport posts through this platform's HttpsClient (libcurl, loaded
// on the first request, see agent/curl_library.h; WinHTTP on Windows): TLS
// verification on (system store or a CA file), optional public-key pinning,
// connect and total timeouts, an HTTPS proxy, and an abort flag checked
// during transfers so a stop is not held up by a slow server.
//
// Thread-compatible: one request at a time per object.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>

#include "common/error.h"
#include "surveyor/v1/agent_config.pb.h"

namespace surveyor::agent {

class HttpsClient;  // agent/https_request.h

struct HttpResult {
  long status = 0;
  std::string body;
  // From Retry-After (seconds, or an HTTP date converted to seconds).
  std::optional<std::chrono::seconds> retry_after;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // POSTs a protobuf body to base URL + path, with `content_encoding`
  // ("zstd") when the body is compressed. kIo for connection or TLS
  // failures (the message says which), kResourceExhausted on timeout.
  virtual std::expected<HttpResult, common::Error> Post(
      const std::string& path, const std::string& body,
      const std::string& bearer, const std::string& content_encoding = "") = 0;
};

class HttpsTransport final : public Transport {
 public:
  HttpsTransport(v1::ServerConnection connection,
                 const std::atomic<bool>* abort);
  ~HttpsTransport() override;
  HttpsTransport(const HttpsTransport&) = delete;
  HttpsTransport& operator=(const HttpsTransport&) = delete;

  std::expected<HttpResult, common::Error> Post(
      const std::string& path, const std::string& body,
      const std::string& bearer,
      const std::string& content_encoding = "") override;

 private:
  v1::ServerConnection connection_;
  const std::atomic<bool>* abort_;
  std::unique_ptr<HttpsClient> client_;
};

}  // namespace surveyor::agent
