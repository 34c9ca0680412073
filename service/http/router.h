// The route table's matcher: method + path pattern with named parameters
// ("/v1/tenants/{tenant}/hosts"). Generic over what a route carries, so the
// API decides access and work lanes and this only matches. An unknown path
// is NotFound; a known path with another method is MethodNotAllowed with the
// methods it does allow (for the Allow header). Pure; thread-safe once
// built.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <map>
#include <optional>
#include <ostream>  // Before Beast: its string_view needs it.
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace surveyor::service {

using PathParams = std::map<std::string, std::string, std::less<>>;

// One path segment percent-decoded (RFC 3986); nullopt for a malformed
// escape, or when it decodes to '/' or a control character.
std::optional<std::string> DecodeSegment(std::string_view segment);
// Whether every segment of `path` decodes.
bool ValidPath(std::string_view path);

// Splits "/a/{b}/c" into segments; a segment in braces is a parameter.
// Parameters match one non-empty segment; path segments are compared and
// captured percent-decoded ("/v1/tenants/ac%6De" is tenant "acme").
bool MatchPattern(std::string_view pattern, std::string_view path,
                  PathParams& params);

template <typename Entry>
class Router {
 public:
  struct Found {
    const Entry* entry;
    PathParams params;
  };
  struct NotFound {};
  struct MethodNotAllowed {
    std::string allow;  // "GET, PUT"
  };
  using Result = std::variant<Found, NotFound, MethodNotAllowed>;

  void Add(boost::beast::http::verb method, std::string pattern, Entry entry) {
    routes_.push_back({method, std::move(pattern), std::move(entry)});
  }

  Result Match(boost::beast::http::verb method, std::string_view path) const {
    std::string allow;
    for (const auto& r : routes_) {
      PathParams params;
      if (!MatchPattern(r.pattern, path, params)) continue;
      if (r.method == method) return Found{&r.entry, std::move(params)};
      std::string_view name = boost::beast::http::to_string(r.method);
      if (allow.find(name) == std::string::npos) {
        allow += (allow.empty() ? "" : ", ") + std::string(name);
      }
    }
    if (allow.empty()) return NotFound{};
    return MethodNotAllowed{allow};
  }

 private:
  struct Route {
    boost::beast::http::verb method;
    std::string pattern;
    Entry entry;
  };
  std::vector<Route> routes_;
};

}  // namespace surveyor::service
