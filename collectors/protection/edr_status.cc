#include "collectors/protection/edr_status.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <charconv>

#include "collectors/json_util.h"
#include "collectors/text_util.h"

namespace surveyor::collectors::protection {
namespace {

namespace json = boost::json;

// Defender wraps many settings as {"value": ..., "scope": ...}.
const json::value* Unwrap(const json::value* v) {
  if (v != nullptr && v->is_object()) {
    if (const auto* inner = v->get_object().if_contains("value")) return inner;
  }
  return v;
}

std::string Str(const json::object& o, std::string_view key) {
  const auto* v = Unwrap(o.if_contains(key));
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : "";
}

v1::TriState Bool(const json::object& o, std::string_view key) {
  const auto* v = Unwrap(o.if_contains(key));
  if (v == nullptr || !v->is_bool()) return v1::TRI_STATE_UNKNOWN;
  return v->get_bool() ? v1::TRI_STATE_YES : v1::TRI_STATE_NO;
}

}  // namespace

std::expected<void, ParseError> ParseMdatpHealth(std::string_view text,
                                                 v1::ProtectionProduct& out) {
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec || !root.is_object()) {
    return std::unexpected(
        ParseError{0, 0,
                   "mdatp health output is not a JSON object" +
                       (ec ? ": " + ec.message() : std::string())});
  }
  const json::object& o = root.get_object();
  out.set_version(Str(o, "appVersion"));
  out.set_signature_version(Str(o, "definitionsVersion"));
  // Epoch milliseconds: a JSON string of digits in the outputs published
  // (GLPI Agent's capture of 101.23062.0010), a number in older ones.
  if (const auto* t = Unwrap(o.if_contains("definitionsUpdated"))) {
    std::int64_t ms = 0;
    if (t->is_int64()) {
      ms = t->get_int64();
    } else if (t->is_uint64()) {
      ms = static_cast<std::int64_t>(t->get_uint64());
    } else if (t->is_double()) {
      ms = static_cast<std::int64_t>(t->get_double());
    } else if (t->is_string()) {
      const std::string_view digits = t->get_string();
      auto [end, err] =
          std::from_chars(digits.data(), digits.data() + digits.size(), ms);
      if (err != std::errc() || end != digits.data() + digits.size()) ms = 0;
    }
    if (ms > 0) out.mutable_signature_time()->set_seconds(ms / 1000);
  }
  out.set_realtime_protection(Bool(o, "realTimeProtectionEnabled"));
  out.set_managed(Str(o, "orgId").empty() ? v1::TRI_STATE_NO
                                          : v1::TRI_STATE_YES);
  if (const auto* issues = o.if_contains("healthIssues");
      issues && issues->is_array()) {
    for (const auto& i : issues->get_array()) {
      if (i.is_string()) out.add_issues(std::string(i.get_string()));
    }
  }
  if (Bool(o, "licensed") == v1::TRI_STATE_NO) out.add_issues("not licensed");
  if (const auto* status = o.if_contains("definitionsStatus");
      status && status->is_object()) {
    std::string type = Str(status->get_object(), "$type");
    if (!type.empty() && type != "upToDate") {
      out.add_issues("definitions " + type);
    }
  }
  if (Bool(o, "passiveModeEnabled") == v1::TRI_STATE_YES) {
    out.add_issues("passive mode");
  }
  return {};
}

std::map<std::string, std::string> ParseFalconctlOptions(
    std::string_view text) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find_first_of(",\n", start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = Trim(text.substr(start, end - start));
    start = end + 1;
    auto eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = Trim(item.substr(0, eq));
    std::string_view value = Trim(item.substr(eq + 1));
    if (value.ends_with('.')) value.remove_suffix(1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (!key.empty()) out[std::string(key)] = std::string(value);
  }
  return out;
}

std::map<std::string, std::string> ParseStatusFields(std::string_view text) {
  std::map<std::string, std::string> out;
  ForEachLine(text, [&](std::string_view line, std::size_t) {
    // "Key: value", or "Key   value" in aligned columns (sentinelctl's
    // control and management status): whichever separator comes first, so
    // a URL's colon stays in its value.
    const auto colon = line.find(':');
    const auto gap = line.find("  ");
    const auto tab = line.find('\t');
    const auto column = std::min(gap, tab);
    std::size_t key_end, value_start;
    if (colon != std::string_view::npos && colon < column) {
      key_end = colon;
      value_start = colon + 1;
    } else if (column != std::string_view::npos) {
      key_end = column;
      value_start = column;
    } else {
      return;
    }
    std::string key = AsciiLower(Trim(line.substr(0, key_end)));
    if (!key.empty()) out[key] = std::string(Trim(line.substr(value_start)));
  });
  return out;
}

}  // namespace surveyor::collectors::protection
