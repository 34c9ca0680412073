#include "collectors/saas/vendor_json.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "common/time_util.h"

namespace surveyor::collectors::saas {

std::optional<std::uint32_t> JsonCount(const boost::json::value* v) {
  constexpr auto kMax = std::numeric_limits<std::uint32_t>::max();
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) {
    const auto n = v->get_int64();
    if (n < 0 || static_cast<std::uint64_t>(n) > kMax) return std::nullopt;
    return static_cast<std::uint32_t>(n);
  }
  if (v->is_uint64()) {
    const auto n = v->get_uint64();
    if (n > kMax) return std::nullopt;
    return static_cast<std::uint32_t>(n);
  }
  if (v->is_double()) {
    const double d = v->get_double();
    if (!(d >= 0) || d > kMax || std::floor(d) != d) return std::nullopt;
    return static_cast<std::uint32_t>(d);
  }
  if (v->is_string()) {
    std::string_view s = v->get_string();
    std::uint32_t n = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size()) {
      return std::nullopt;
    }
    return n;
  }
  return std::nullopt;
}

std::optional<std::int64_t> JsonTime(const boost::json::value* v) {
  if (v == nullptr || !v->is_string()) return std::nullopt;
  auto t = common::ParseRfc3339(v->get_string());
  // Before 1971: a vendor's placeholder for "never", not a date.
  if (!t || *t < 365 * 86400) return std::nullopt;
  return t;
}

std::expected<const boost::json::object*, ParseError> JsonTopObject(
    const boost::json::value& doc, std::string_view what) {
  if (!doc.is_object()) {
    return std::unexpected(
        ParseError{0, 0, std::string(what) + " is not a JSON object"});
  }
  return &doc.get_object();
}

std::expected<const boost::json::array*, ParseError> JsonTopArray(
    const boost::json::value& doc, std::string_view what) {
  if (!doc.is_array()) {
    return std::unexpected(
        ParseError{0, 0, std::string(what) + " is not a JSON array"});
  }
  return &doc.get_array();
}

}  // namespace surveyor::collectors::saas
