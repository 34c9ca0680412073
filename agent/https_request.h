// One HTTPS request as the agent makes them all (to its server and to SaaS
// vendors), whatever carries it: libcurl on Linux (curl_request.h), WinHTTP
// on Windows (winhttp_request.h). Both behave alike: TLS verification on
// (the system store, or only the configured CA), optional public-key
// pinning, an HTTPS proxy, connect and total timeouts, replies over 16 MiB
// refused, Retry-After read (seconds or an HTTP date), the final response's
// headers kept, and an abort flag checked during the transfer.
#pragma once

#include <atomic>
#include <chrono>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"

namespace surveyor::agent {

struct HttpsRequest {
  std::string method = "GET";  // or "POST"
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // POST only
  // PEM file of the CA the server's certificate must chain to; empty uses
  // the system's trust store.
  std::string ca_file;
  // "sha256//<base64>" of the server's SubjectPublicKeyInfo (curl's pinned
  // public key format), checked in addition to verification.
  std::string pinned_public_key;
  std::string https_proxy;
  long connect_timeout_seconds = 10;
  long total_timeout_seconds = 60;
  const std::atomic<bool>* abort = nullptr;
};

struct HttpsReply {
  long status = 0;
  std::string body;
  std::optional<std::chrono::seconds> retry_after;
  // The final response's headers: names lower-cased, values trimmed; at
  // most 200, each at most 8 KiB.
  std::vector<std::pair<std::string, std::string>> headers;
};

// The largest reply body either transport accepts.
inline constexpr std::size_t kMaxReplyBody = 16u << 20;

// What carries the requests: CurlHandle (curl_request.h) or WinHttpClient
// (winhttp_request.h). One request at a time per object.
class HttpsClient {
 public:
  virtual ~HttpsClient() = default;
  virtual std::expected<HttpsReply, common::Error> Perform(
      const HttpsRequest& request) = 0;
};

// This platform's client (libcurl on Linux, WinHTTP on Windows).
std::unique_ptr<HttpsClient> NewHttpsClient();

}  // namespace surveyor::agent
