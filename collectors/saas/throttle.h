// Sending a call the way every vendor wants to be called back after a
// refusal: 429, 503 and rate-limit 403s are retried after the wait the
// reply asks for (Retry-After, or a rate-limit reset time: see
// http_headers.h), or after 1, 2, 4, 8 s when the vendor sends none (Google's
// 403 rate errors say so in the body: the caller passes `rate_limited` to
// recognise them). At most `attempts` tries and `budget` of waiting in all; the
// last reply is returned either way, so the caller's error names the vendor's
// status.
#pragma once

#include <chrono>
#include <expected>
#include <functional>

#include "collectors/saas/http_client.h"

namespace surveyor::collectors::saas {

struct ThrottlePolicy {
  int attempts = 5;
  std::chrono::seconds longest_wait{120};  // a longer Retry-After is cut
  std::chrono::seconds budget{600};
  // Extra refusals that mean "slow down" (e.g. Google's 403
  // userRateLimitExceeded); may be empty.
  std::function<bool(const HttpReply&)> rate_limited;
};

struct Throttled {
  HttpReply reply;
  int attempts = 0;
  std::chrono::seconds waited{0};
};

std::expected<Throttled, common::Error> SendThrottled(
    HttpClient& client, Waiter& waiter, const HttpCall& call,
    const ThrottlePolicy& policy = {});

// Percent-encodes a query value (RFC 3986 unreserved kept).
std::string UrlEncode(std::string_view value);

}  // namespace surveyor::collectors::saas
