// Small helpers over Boost.JSON for the parsers of tool outputs. Pure and
// non-throwing.
#pragma once

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <expected>
#include <string>
#include <string_view>

#include "collectors/parse_error.h"

namespace surveyor::collectors {

// Parses a JSON document (a leading UTF-8 byte order mark, as PowerShell
// writes, is skipped). The error names `what`: "<what> is not valid JSON: ...".
inline std::expected<boost::json::value, ParseError> ParseJsonDocument(
    std::string_view text, std::string_view what) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) {
    return std::unexpected(ParseError{
        0, 0, std::string(what) + " is not valid JSON: " + ec.message()});
  }
  return v;
}

// Like ParseJsonDocument, with the leniency browsers allow in the files
// they and extension authors write (manifest.json, messages.json): comments,
// trailing commas, and invalid UTF-8 kept as bytes.
inline std::expected<boost::json::value, ParseError> ParseLenientJsonDocument(
    std::string_view text, std::string_view what) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  boost::json::parse_options options;
  options.allow_comments = true;
  options.allow_trailing_commas = true;
  options.allow_invalid_utf8 = true;
  boost::system::error_code ec;
  boost::json::value v =
      boost::json::parse(text, ec, boost::json::storage_ptr(), options);
  if (ec) {
    return std::unexpected(ParseError{
        0, 0, std::string(what) + " is not valid JSON: " + ec.message()});
  }
  return v;
}

// A flag that is true only when the member is the JSON literal true.
inline bool JsonFlag(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_bool() && v->get_bool();
}

// The object member `key` when it is an object / array, else null.
inline const boost::json::object* JsonObject(const boost::json::object& o,
                                             std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? &v->get_object() : nullptr;
}
inline const boost::json::array* JsonArray(const boost::json::object& o,
                                           std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_array() ? &v->get_array() : nullptr;
}

// The string at `key`, or "" when absent or not a string.
inline std::string JsonString(const boost::json::object& o,
                              std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : "";
}

}  // namespace surveyor::collectors
