// Small response and request helpers shared by the API's handlers. Internal
// to service/api.
#pragma once

#include <boost/beast/http.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>

#include "service/http/server.h"

namespace surveyor::service {

inline HttpResponse Text(const HttpRequest& req,
                         boost::beast::http::status status,
                         std::string message) {
  return MakeResponse(req, status, std::move(message) + "\n",
                      "text/plain; charset=utf-8");
}

inline HttpResponse Json(
    const HttpRequest& req, const boost::json::value& v,
    boost::beast::http::status status = boost::beast::http::status::ok) {
  return MakeResponse(req, status, boost::json::serialize(v) + "\n",
                      "application/json");
}

// {"error": kind, "detail": message}.
inline HttpResponse JsonError(const HttpRequest& req,
                              boost::beast::http::status status,
                              std::string_view kind, std::string_view detail) {
  return Json(req, boost::json::object{{"error", kind}, {"detail", detail}},
              status);
}

inline std::string Bearer(const HttpRequest& req) {
  auto it = req.find(boost::beast::http::field::authorization);
  if (it == req.end()) return {};
  std::string_view v = it->value();
  if (!v.starts_with("Bearer ")) return {};
  return std::string(v.substr(7));
}

// The raw value of `key` in a query string; nullopt when absent.
inline std::optional<std::string_view> QueryValue(std::string_view query,
                                                  std::string_view key) {
  std::size_t pos = 0;
  while (pos <= query.size()) {
    auto amp = query.find('&', pos);
    std::string_view part =
        query.substr(pos, amp == std::string_view::npos ? std::string_view::npos
                                                        : amp - pos);
    if (part.starts_with(key) && part.size() > key.size() &&
        part[key.size()] == '=') {
      return part.substr(key.size() + 1);
    }
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return std::nullopt;
}

// The integer value of `key` in a query string; nullopt when absent, and
// also when present but not an integer (then *malformed is set).
inline std::optional<std::int64_t> QueryInt(std::string_view query,
                                            std::string_view key,
                                            bool* malformed = nullptr) {
  auto v = QueryValue(query, key);
  if (!v) return std::nullopt;
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec == std::errc() && p == v->data() + v->size()) return out;
  if (malformed) *malformed = true;
  return std::nullopt;
}

}  // namespace surveyor::service
