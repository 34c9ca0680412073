#include "service/api/pagination.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cstdio>

#include "service/api/responses.h"

namespace surveyor::service {
namespace {

namespace json = boost::json;

constexpr char kHex[] = "0123456789abcdef";

std::string Hex(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view text) {
  if (text.size() % 2 != 0 || text.size() > 8192) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    unsigned value = 0;
    auto [p, ec] =
        std::from_chars(text.data() + i, text.data() + i + 2, value, 16);
    if (ec != std::errc() || p != text.data() + i + 2) return std::nullopt;
    out.push_back(static_cast<char>(value));
  }
  return out;
}

}  // namespace

std::expected<PageRequest, std::string> ParsePageRequest(
    std::string_view query) {
  PageRequest page;
  bool bad = false;
  if (auto limit = QueryInt(query, "limit", &bad); limit || bad) {
    if (bad || *limit < 1 ||
        *limit > static_cast<std::int64_t>(kMaxPageLimit)) {
      return std::unexpected("limit: must be an integer from 1 to " +
                             std::to_string(kMaxPageLimit));
    }
    page.limit = static_cast<std::size_t>(*limit);
  }
  if (auto cursor = QueryValue(query, "cursor")) {
    auto key = Unhex(*cursor);
    if (!key || key->empty()) {
      return std::unexpected(
          std::string("cursor: not a cursor this server gave out"));
    }
    page.after = std::move(*key);
  }
  return page;
}

std::optional<std::string> Paginate(json::array& items, const PageKey& key,
                                    const PageRequest& page,
                                    std::size_t max_bytes) {
  std::vector<std::pair<std::string, json::value>> keyed;
  keyed.reserve(items.size());
  for (auto& v : items) {
    std::string k = v.is_object() ? key(v.as_object()) : std::string();
    if (page.after && k <= *page.after) continue;
    keyed.emplace_back(std::move(k), std::move(v));
  }
  // Only the page (and the one after it, which says whether more follow)
  // needs ordering.
  const std::size_t ordered = std::min(keyed.size(), page.limit + 1);
  std::partial_sort(
      keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(ordered),
      keyed.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  items.clear();
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < ordered; ++i) {
    if (i == page.limit) return Hex(keyed[i - 1].first);
    const std::size_t size = json::serialize(keyed[i].second).size() + 1;
    if (i > 0 && bytes + size > max_bytes) return Hex(keyed[i - 1].first);
    bytes += size;
    items.push_back(std::move(keyed[i].second));
  }
  return std::nullopt;
}

std::string NextLink(std::string_view path, std::string_view query,
                     std::size_t limit, const std::string& cursor) {
  std::string kept;
  std::size_t pos = 0;
  while (pos <= query.size() && !query.empty()) {
    auto amp = query.find('&', pos);
    std::string_view part =
        query.substr(pos, amp == std::string_view::npos ? std::string_view::npos
                                                        : amp - pos);
    if (!part.empty() && !part.starts_with("limit=") &&
        !part.starts_with("cursor=")) {
      kept.append(part).push_back('&');
    }
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return "<" + std::string(path) + "?" + kept +
         "limit=" + std::to_string(limit) + "&cursor=" + cursor +
         ">; rel=\"next\"";
}

std::string KeyOf(std::initializer_list<std::string_view> parts) {
  std::string out;
  bool first = true;
  for (auto p : parts) {
    if (!first) out.push_back('\x01');
    first = false;
    out.append(p);
  }
  return out;
}

std::string NumberKey(std::int64_t n) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%020lld", static_cast<long long>(n));
  return buf;
}

}  // namespace surveyor::service
