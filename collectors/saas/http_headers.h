// Reading what vendors put in response headers, pure: the values of a
// header, the next page from Link headers (GitHub joins them with commas
// in one header, Okta sends one `link` line per rel), and how long a
// refusal asks the caller to wait.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/saas/http_client.h"

namespace surveyor::collectors::saas {

// The values of header `name` (lower case), in order.
std::vector<std::string> HeaderValues(const HttpReply& reply,
                                      std::string_view name);
// The first value of header `name`, or "".
std::string HeaderValue(const HttpReply& reply, std::string_view name);

// The URL of rel="next" in the reply's Link headers (RFC 8288: one or
// several headers, each one or several comma-separated links, rel values
// quoted or not, possibly several rels in one); "" when there is none.
std::string NextLink(const HttpReply& reply);

// How long the reply asks to wait before the next call, as of `now`
// (seconds since the epoch): Retry-After in seconds or as a date (an HTTP
// date, already resolved by the transport, or Zoom's RFC 3339 datetime);
// else, when the remaining allowance is 0, until the reset time (Okta's
// X-Rate-Limit-Reset, GitHub's x-ratelimit-reset, epoch seconds). nullopt
// when the reply says nothing usable.
std::optional<std::chrono::seconds> RequestedWait(const HttpReply& reply,
                                                  std::int64_t now);

// True for the refusals that mean "slow down" at any vendor: 429, 503, and
// a 403 that says so in its headers (GitHub's primary limit: remaining 0;
// its secondary limit: Retry-After).
bool IsRateLimited(const HttpReply& reply);

}  // namespace surveyor::collectors::saas
