#include "collectors/software/snap_meta.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "collectors/text_util.h"

namespace surveyor::collectors::software {
namespace {

namespace json = boost::json;

std::string StringOrNumber(const json::value* v) {
  if (v == nullptr) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_int64()) return std::to_string(v->get_int64());
  if (v->is_uint64()) return std::to_string(v->get_uint64());
  return {};
}

const json::value* Field(const json::object& o, std::string_view key) {
  return o.if_contains(key);
}

std::string UnquoteYamlScalar(std::string_view v) {
  v = Trim(v);
  if (v.empty()) return {};
  // Drop a trailing comment on a plain scalar.
  if (!v.empty() && v.front() != '"' && v.front() != '\'') {
    auto hash = v.find(" #");
    if (hash != std::string_view::npos) v = Trim(v.substr(0, hash));
    return std::string(v);
  }
  char quote = v.front();
  std::string out;
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (v[i] == quote) {
      if (quote == '\'' && i + 1 < v.size() && v[i + 1] == '\'') {
        out += '\'';  // '' is a quote inside a single-quoted scalar.
        ++i;
        continue;
      }
      return out;  // Closing quote; anything after it is a comment.
    }
    if (quote == '"' && v[i] == '\\' && i + 1 < v.size()) ++i;
    out += v[i];
  }
  // Unterminated quote: keep the text as written.
  return std::string(v);
}

}  // namespace

std::expected<std::vector<SnapStateEntry>, ParseError> ParseSnapState(
    std::string_view text) {
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec) {
    return std::unexpected(
        ParseError{0, 0, "state.json is not valid JSON: " + ec.message()});
  }
  std::vector<SnapStateEntry> out;
  const json::object* obj = root.if_object();
  if (obj == nullptr) {
    return std::unexpected(ParseError{0, 0, "state.json is not an object"});
  }
  const json::value* data = Field(*obj, "data");
  if (data == nullptr) return out;  // A fresh snapd with no state yet.
  if (!data->is_object()) {
    return std::unexpected(
        ParseError{0, 0, "state.json \"data\" is not an object"});
  }
  const json::value* snaps = Field(data->get_object(), "snaps");
  if (snaps == nullptr) return out;
  if (!snaps->is_object()) {
    return std::unexpected(
        ParseError{0, 0, "state.json \"data.snaps\" is not an object"});
  }
  for (const auto& [key, value] : snaps->get_object()) {
    const json::object* st = value.if_object();
    if (st == nullptr) {
      return std::unexpected(ParseError{
          0, 0, "snap \"" + std::string(key) + "\" is not an object"});
    }
    SnapStateEntry e;
    e.name = std::string(key);
    e.revision = StringOrNumber(Field(*st, "current"));
    if (const auto* ch = Field(*st, "channel"); ch && ch->is_string()) {
      e.channel = std::string(ch->get_string());
    }
    if (const auto* t = Field(*st, "type"); t && t->is_string()) {
      e.type = std::string(t->get_string());
    }
    if (const auto* a = Field(*st, "active"); a && a->is_bool()) {
      e.active = a->get_bool();
    }
    if (e.revision.empty()) continue;  // Not installed (no current revision).
    if (const auto* seq = Field(*st, "sequence"); seq && seq->is_array()) {
      for (const auto& item : seq->get_array()) {
        const json::object* si = item.if_object();
        if (si == nullptr) continue;
        if (const auto* nested = Field(*si, "side-info");
            nested && nested->is_object()) {
          si = &nested->get_object();
        }
        if (StringOrNumber(Field(*si, "revision")) != e.revision) continue;
        if (const auto* id = Field(*si, "snap-id"); id && id->is_string()) {
          e.snap_id = std::string(id->get_string());
        }
      }
    }
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

SnapYaml ParseSnapYaml(std::string_view yaml) {
  SnapYaml out;
  ForEachLine(yaml, [&](std::string_view line, std::size_t) {
    if (line.empty() || line.front() == ' ' || line.front() == '\t' ||
        line.front() == '#') {
      return;  // Only top-level keys.
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return;
    std::string_view key = line.substr(0, colon);
    if (key == "name" && out.name.empty()) {
      out.name = UnquoteYamlScalar(line.substr(colon + 1));
    } else if (key == "version" && out.version.empty()) {
      out.version = UnquoteYamlScalar(line.substr(colon + 1));
    }
  });
  return out;
}

std::map<std::string, std::string> ParseAssertionHeaders(
    std::string_view text) {
  std::map<std::string, std::string> headers;
  bool done = false;
  ForEachLine(text, [&](std::string_view line, std::size_t) {
    if (done) return;
    if (line.empty()) {
      done = true;
      return;
    }
    if (line.front() == ' ') return;  // Continuation of a multi-line value.
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return;
    std::string_view value = Trim(line.substr(colon + 1));
    if (value.empty()) return;  // Start of a multi-line value or list.
    headers.emplace(std::string(line.substr(0, colon)), std::string(value));
  });
  return headers;
}

}  // namespace surveyor::collectors::software
