// What the SaaS connectors need from HTTP, as an interface: the agent
// gives them its libcurl client, tests a scripted fake
// (tests/fakes/fake_http_client.h). A connector's calls go to the vendor's
// API (or a base_url override: a proxy, a sovereign cloud, a fixture
// server).
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"

namespace surveyor::collectors::saas {

struct HttpCall {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // form-encoded for POST
};

struct HttpReply {
  long status = 0;
  std::string body;
  // From Retry-After (seconds or an HTTP date, already made seconds).
  std::optional<std::chrono::seconds> retry_after;
  // Every header of the final response, names lower-cased, values
  // trimmed, in the order received (Okta sends one `link` line per rel).
  std::vector<std::pair<std::string, std::string>> headers = {};
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // kIo for connection and TLS failures, kResourceExhausted on timeout.
  virtual std::expected<HttpReply, common::Error> Send(
      const HttpCall& call) = 0;
};

// Waits between attempts; the real one sleeps, tests record. Now() is the
// wall clock in seconds since the epoch (for rate-limit reset times).
class Waiter {
 public:
  virtual ~Waiter() = default;
  virtual void Wait(std::chrono::seconds how_long) = 0;
  virtual std::int64_t Now() const = 0;
};

}  // namespace surveyor::collectors::saas
