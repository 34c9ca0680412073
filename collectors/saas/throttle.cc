#include "collectors/saas/throttle.h"

#include <algorithm>

#include "collectors/saas/connector.h"
#include "collectors/saas/http_headers.h"

namespace surveyor::collectors::saas {

std::expected<Throttled, common::Error> SendThrottled(
    HttpClient& client, Waiter& waiter, const HttpCall& call,
    const ThrottlePolicy& policy) {
  Throttled out;
  std::chrono::seconds backoff{1};
  while (true) {
    auto reply = client.Send(call);
    if (!reply) return std::unexpected(reply.error());
    ++out.attempts;
    out.reply = std::move(*reply);
    const bool slow_down =
        IsRateLimited(out.reply) ||
        (policy.rate_limited && policy.rate_limited(out.reply));
    if (!slow_down || out.attempts >= policy.attempts) return out;
    const auto asked = RequestedWait(out.reply, waiter.Now());
    std::chrono::seconds wait = asked.value_or(backoff);
    wait = std::clamp(wait, std::chrono::seconds(1), policy.longest_wait);
    if (out.waited + wait > policy.budget) return out;
    if (!asked) backoff *= 2;
    waiter.Wait(wait);
    out.waited += wait;
  }
}

std::string UrlEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string HttpFailure(const HttpReply& reply,
                        const std::string& vendor_text) {
  std::string out = "HTTP " + std::to_string(reply.status);
  if (!vendor_text.empty()) out += ": " + vendor_text;
  return out;
}

}  // namespace surveyor::collectors::saas
