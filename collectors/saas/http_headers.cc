#include "collectors/saas/http_headers.h"

#include <algorithm>
#include <charconv>

#include "collectors/text_util.h"
#include "common/time_util.h"

namespace surveyor::collectors::saas {
namespace {

std::string_view Trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) {
    v.remove_prefix(1);
  }
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) {
    v.remove_suffix(1);
  }
  return v;
}

std::optional<std::int64_t> Integer(std::string_view v) {
  v = Trim(v);
  std::int64_t out = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size() || v.empty()) {
    return std::nullopt;
  }
  return out;
}

// True when the parameters of one link (after its `>`) hold rel=next
// (rel="next", rel=next, rel="prev next").
bool RelIsNext(std::string_view params) {
  std::size_t at = 0;
  while (at < params.size()) {
    std::size_t semi = params.find(';', at);
    std::string_view param = Trim(params.substr(
        at,
        semi == std::string_view::npos ? std::string_view::npos : semi - at));
    at = semi == std::string_view::npos ? params.size() : semi + 1;
    const auto eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    if (!EqualsIgnoreCase(Trim(param.substr(0, eq)), "rel")) continue;
    std::string_view value = Trim(param.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    std::size_t w = 0;
    while (w < value.size()) {
      std::size_t space = value.find(' ', w);
      std::string_view word = value.substr(w, space == std::string_view::npos
                                                  ? std::string_view::npos
                                                  : space - w);
      if (EqualsIgnoreCase(word, "next")) return true;
      w = space == std::string_view::npos ? value.size() : space + 1;
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> HeaderValues(const HttpReply& reply,
                                      std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [n, v] : reply.headers) {
    if (n == name) out.push_back(v);
  }
  return out;
}

std::string HeaderValue(const HttpReply& reply, std::string_view name) {
  for (const auto& [n, v] : reply.headers) {
    if (n == name) return v;
  }
  return "";
}

std::string NextLink(const HttpReply& reply) {
  for (const auto& header : HeaderValues(reply, "link")) {
    std::string_view rest = header;
    // Each link is <URL> followed by parameters up to the next `,<`
    // (a comma inside <> belongs to the URL).
    while (true) {
      const auto open = rest.find('<');
      if (open == std::string_view::npos) break;
      const auto close = rest.find('>', open);
      if (close == std::string_view::npos) break;
      std::string_view url = rest.substr(open + 1, close - open - 1);
      rest = rest.substr(close + 1);
      const auto next_link = rest.find('<');
      std::string_view params = Trim(rest.substr(0, next_link));
      while (!params.empty() && params.back() == ',') {
        params = Trim(params.substr(0, params.size() - 1));
      }
      if (RelIsNext(params)) return std::string(url);
      if (next_link == std::string_view::npos) break;
    }
  }
  return "";
}

std::optional<std::chrono::seconds> RequestedWait(const HttpReply& reply,
                                                  std::int64_t now) {
  if (reply.retry_after) return reply.retry_after;
  const std::string retry = HeaderValue(reply, "retry-after");
  if (auto when = common::ParseRfc3339(retry)) {
    return std::chrono::seconds(std::max<std::int64_t>(*when - now, 0));
  }
  for (const auto& [remaining, reset] :
       {std::pair{"x-rate-limit-remaining", "x-rate-limit-reset"},
        std::pair{"x-ratelimit-remaining", "x-ratelimit-reset"}}) {
    if (Integer(HeaderValue(reply, remaining)) != 0) continue;
    if (auto at = Integer(HeaderValue(reply, reset))) {
      return std::chrono::seconds(std::max<std::int64_t>(*at - now, 0));
    }
  }
  return std::nullopt;
}

bool IsRateLimited(const HttpReply& reply) {
  if (reply.status == 429 || reply.status == 503) return true;
  if (reply.status != 403) return false;
  return Integer(HeaderValue(reply, "x-ratelimit-remaining")) == 0 ||
         !HeaderValue(reply, "retry-after").empty();
}

}  // namespace surveyor::collectors::saas
