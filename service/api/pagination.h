// Pagination of the API's lists: `limit` (default 1000, at most 10000) and
// an opaque `cursor` from the previous page. Pages are keyset pages: items
// are ordered by a key per list and a page starts after the cursor's key,
// so rows added or removed between pages neither repeat nor shift others.
// A page also ends before its JSON exceeds kMaxPageBytes, which bounds what
// a slow reader can pin in memory. The next page's cursor travels in a
// `Link: <...>; rel="next"` header (and `next_cursor` where the body is an
// object); the last page has none. Pure.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstddef>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace surveyor::service {

inline constexpr std::size_t kDefaultPageLimit = 1000;
inline constexpr std::size_t kMaxPageLimit = 10000;
inline constexpr std::size_t kMaxPageBytes = 4u << 20;

struct PageRequest {
  std::size_t limit = kDefaultPageLimit;
  std::optional<std::string> after;  // the key the cursor carries
};

// From a query string; the error names the parameter ("limit: ...").
std::expected<PageRequest, std::string> ParsePageRequest(
    std::string_view query);

// An item's sort key: strings compare bytewise.
using PageKey = std::function<std::string(const boost::json::object&)>;

// Sorts `items` by `key`, keeps those after the request's cursor, at most
// its limit and about `max_bytes` of JSON (always at least one). Returns
// the cursor of the next page when items were left out.
std::optional<std::string> Paginate(boost::json::array& items,
                                    const PageKey& key, const PageRequest& page,
                                    std::size_t max_bytes = kMaxPageBytes);

// The Link header's value for the next page of `path` (other query
// parameters kept, limit and cursor replaced).
std::string NextLink(std::string_view path, std::string_view query,
                     std::size_t limit, const std::string& cursor);

// Joins key parts with a separator that sorts below any printable byte.
std::string KeyOf(std::initializer_list<std::string_view> parts);
// A number as a key part that sorts numerically (non-negative).
std::string NumberKey(std::int64_t n);

}  // namespace surveyor::service
