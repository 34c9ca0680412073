#include "collectors/plist.h"

#include <charconv>
#include <string>

#include "collectors/text_util.h"

namespace surveyor::collectors {
namespace {

namespace json = boost::json;

class PlistParser {
 public:
  explicit PlistParser(std::string_view s) : s_(s) {}

  std::expected<json::value, ParseError> Document() {
    // Skip the prolog and DOCTYPE up to <plist ...>.
    auto start = s_.find("<plist");
    if (start == std::string_view::npos) return Fail(0, "no <plist> element");
    pos_ = s_.find('>', start);
    if (pos_ == std::string_view::npos)
      return Fail(start, "unterminated <plist>");
    ++pos_;
    auto v = Value(0);
    if (!v) return v;
    SkipSpace();
    if (!Consume("</plist>")) return Fail(pos_, "expected </plist>");
    return v;
  }

 private:
  std::unexpected<ParseError> Fail(std::size_t at, std::string reason) {
    return std::unexpected(ParseError{0, at, std::move(reason)});
  }

  void SkipSpace() {
    while (true) {
      while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' ||
                                  s_[pos_] == '\t' || s_[pos_] == '\r')) {
        ++pos_;
      }
      if (s_.substr(pos_).starts_with("<!--")) {
        auto end = s_.find("-->", pos_);
        pos_ = end == std::string_view::npos ? s_.size() : end + 3;
        continue;
      }
      return;
    }
  }

  bool Consume(std::string_view token) {
    if (!s_.substr(pos_).starts_with(token)) return false;
    pos_ += token.size();
    return true;
  }

  // Text up to the closing tag `</name>`, entities decoded.
  std::expected<std::string, ParseError> Text(std::string_view name) {
    std::string close = "</" + std::string(name) + ">";
    auto end = s_.find(close, pos_);
    if (end == std::string_view::npos) return Fail(pos_, "missing " + close);
    std::string out = DecodeXmlEntities(s_.substr(pos_, end - pos_));
    pos_ = end + close.size();
    return out;
  }

  std::expected<json::value, ParseError> Value(int depth) {
    if (depth > 64) return Fail(pos_, "plist nested too deeply");
    SkipSpace();
    std::size_t at = pos_;
    if (Consume("<dict/>")) return json::object();
    if (Consume("<array/>")) return json::array();
    if (Consume("<string/>")) return json::string();
    if (Consume("<true/>")) return true;
    if (Consume("<false/>")) return false;
    if (Consume("<dict>")) {
      json::object obj;
      while (true) {
        SkipSpace();
        if (Consume("</dict>")) return obj;
        if (!Consume("<key>")) return Fail(pos_, "expected <key> in <dict>");
        auto key = Text("key");
        if (!key) return std::unexpected(key.error());
        auto v = Value(depth + 1);
        if (!v) return v;
        obj[*key] = std::move(*v);
      }
    }
    if (Consume("<array>")) {
      json::array arr;
      while (true) {
        SkipSpace();
        if (Consume("</array>")) return arr;
        auto v = Value(depth + 1);
        if (!v) return v;
        arr.push_back(std::move(*v));
      }
    }
    for (std::string_view tag : {"string", "date", "data"}) {
      if (Consume("<" + std::string(tag) + ">")) {
        auto t = Text(tag);
        if (!t) return std::unexpected(t.error());
        return json::string(*t);
      }
    }
    if (Consume("<integer>")) {
      auto t = Text("integer");
      if (!t) return std::unexpected(t.error());
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(t->data(), t->data() + t->size(), v);
      if (ec != std::errc() || p != t->data() + t->size()) {
        return Fail(at, "bad <integer> '" + *t + "'");
      }
      return v;
    }
    if (Consume("<real>")) {
      auto t = Text("real");
      if (!t) return std::unexpected(t.error());
      char* end = nullptr;
      double v = std::strtod(t->c_str(), &end);
      if (end == t->c_str()) return Fail(at, "bad <real> '" + *t + "'");
      return v;
    }
    return Fail(at, "unexpected content in plist");
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace

std::expected<boost::json::value, ParseError> ParseXmlPlist(
    std::string_view xml) {
  return PlistParser(xml).Document();
}

}  // namespace surveyor::collectors
