#include "collectors/simple_xml.h"

#include <charconv>
#include <cstdint>

#include "collectors/registry_export.h"
#include "collectors/text_util.h"

namespace surveyor::collectors {
namespace {

constexpr int kMaxDepth = 64;

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

bool IsNameChar(char c) {
  return !IsSpace(c) && c != '>' && c != '/' && c != '=' && c != '<' &&
         c != '"' && c != '\'' && c != '\0';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  std::expected<XmlElement, ParseError> Document() {
    if (auto ok = SkipMisc(); !ok) return std::unexpected(ok.error());
    if (pos_ >= s_.size() || s_[pos_] != '<') {
      return Fail(pos_, "no root element");
    }
    XmlElement root;
    if (auto ok = Element(root, 0); !ok) return std::unexpected(ok.error());
    if (auto ok = SkipMisc(); !ok) return std::unexpected(ok.error());
    if (pos_ != s_.size()) return Fail(pos_, "content after the root element");
    return root;
  }

 private:
  using Status = std::expected<void, ParseError>;

  std::unexpected<ParseError> Fail(std::size_t at, std::string reason) const {
    return std::unexpected(ParseError{0, at, std::move(reason)});
  }

  bool At(std::string_view token) const {
    return s_.substr(pos_).starts_with(token);
  }

  // Skips past `end`, failing with `what` when it never comes.
  Status SkipPast(std::string_view end, std::string_view what) {
    auto at = s_.find(end, pos_);
    if (at == std::string_view::npos) {
      return Fail(pos_, "unterminated " + std::string(what));
    }
    pos_ = at + end.size();
    return {};
  }

  // White space, comments, processing instructions and a DOCTYPE.
  Status SkipMisc() {
    while (true) {
      while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
      Status ok;
      if (At("<?")) {
        ok = SkipPast("?>", "processing instruction");
      } else if (At("<!--")) {
        ok = SkipPast("-->", "comment");
      } else if (At("<!DOCTYPE")) {
        if (s_.substr(pos_, s_.find('>', pos_) - pos_).find('[') !=
            std::string_view::npos) {
          return Fail(pos_, "DOCTYPE with an internal subset");
        }
        ok = SkipPast(">", "DOCTYPE");
      } else {
        return {};
      }
      if (!ok) return ok;
    }
  }

  // Decodes `raw` (entities and character references) onto `out`.
  Status Decode(std::string_view raw, std::size_t at, std::string& out) const {
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '&') {
        out += raw[i];
        continue;
      }
      auto semi = raw.find(';', i);
      if (semi == std::string_view::npos || semi - i > 12) {
        return Fail(at + i, "unterminated entity");
      }
      std::string_view ref = raw.substr(i + 1, semi - i - 1);
      if (ref == "amp") {
        out += '&';
      } else if (ref == "lt") {
        out += '<';
      } else if (ref == "gt") {
        out += '>';
      } else if (ref == "quot") {
        out += '"';
      } else if (ref == "apos") {
        out += '\'';
      } else if (ref.starts_with('#')) {
        std::string_view digits = ref.substr(1);
        int base = 10;
        if (digits.starts_with('x') || digits.starts_with('X')) {
          digits.remove_prefix(1);
          base = 16;
        }
        std::uint32_t cp = 0;
        auto [p, ec] = std::from_chars(digits.data(),
                                       digits.data() + digits.size(), cp, base);
        if (digits.empty() || ec != std::errc() ||
            p != digits.data() + digits.size() || cp == 0 || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF)) {
          return Fail(at + i,
                      "bad character reference '&" + std::string(ref) + ";'");
        }
        AppendUtf8(out, cp);
      } else {
        return Fail(at + i, "unknown entity '&" + std::string(ref) + ";'");
      }
      i = semi;
    }
    return {};
  }

  std::expected<std::string, ParseError> Name() {
    std::size_t start = pos_;
    while (pos_ < s_.size() && IsNameChar(s_[pos_])) ++pos_;
    if (pos_ == start) return Fail(start, "expected a name");
    return std::string(s_.substr(start, pos_ - start));
  }

  Status Attributes(XmlElement& e) {
    while (true) {
      std::size_t before = pos_;
      while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
      if (pos_ >= s_.size()) return Fail(pos_, "unterminated start tag");
      if (s_[pos_] == '>' || s_[pos_] == '/') return {};
      if (pos_ == before) return Fail(pos_, "expected space before attribute");
      auto name = Name();
      if (!name) return std::unexpected(name.error());
      while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
      if (pos_ >= s_.size() || s_[pos_] != '=') {
        return Fail(pos_, "expected '=' after attribute " + *name);
      }
      ++pos_;
      while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) {
        return Fail(pos_, "expected a quoted value for attribute " + *name);
      }
      char quote = s_[pos_++];
      auto end = s_.find(quote, pos_);
      if (end == std::string_view::npos) {
        return Fail(pos_, "unterminated value of attribute " + *name);
      }
      std::string value;
      if (auto ok = Decode(s_.substr(pos_, end - pos_), pos_, value); !ok) {
        return ok;
      }
      pos_ = end + 1;
      e.attributes.emplace_back(std::move(*name), std::move(value));
    }
  }

  // At '<' of a start tag: the element, its content and its end tag.
  Status Element(XmlElement& e, int depth) {
    if (depth >= kMaxDepth) return Fail(pos_, "elements nested too deeply");
    std::size_t open = pos_++;
    auto name = Name();
    if (!name) return std::unexpected(name.error());
    e.name = std::move(*name);
    if (auto ok = Attributes(e); !ok) return ok;
    if (At("/>")) {
      pos_ += 2;
      return {};
    }
    ++pos_;  // '>'
    std::string text;
    while (true) {
      auto lt = s_.find('<', pos_);
      if (lt == std::string_view::npos) {
        return Fail(open, "element <" + e.name + "> is not closed");
      }
      if (auto ok = Decode(s_.substr(pos_, lt - pos_), pos_, text); !ok) {
        return ok;
      }
      pos_ = lt;
      if (At("</")) {
        pos_ += 2;
        auto closing = Name();
        if (!closing) return std::unexpected(closing.error());
        if (*closing != e.name) {
          return Fail(lt, "</" + *closing + "> closes <" + e.name + ">");
        }
        while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
        if (pos_ >= s_.size() || s_[pos_] != '>') {
          return Fail(pos_, "unterminated end tag </" + e.name + ">");
        }
        ++pos_;
        e.text = std::string(Trim(text));
        return {};
      }
      if (At("<![CDATA[")) {
        std::size_t start = pos_ + 9;
        auto end = s_.find("]]>", start);
        if (end == std::string_view::npos)
          return Fail(pos_, "unterminated CDATA");
        text.append(s_.substr(start, end - start));
        pos_ = end + 3;
        continue;
      }
      Status ok;
      if (At("<!--")) {
        ok = SkipPast("-->", "comment");
      } else if (At("<?")) {
        ok = SkipPast("?>", "processing instruction");
      } else if (At("<!")) {
        return Fail(pos_, "unexpected markup declaration");
      } else {
        ok = Element(e.children.emplace_back(), depth + 1);
      }
      if (!ok) return ok;
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace

const XmlElement* XmlElement::Child(std::string_view n) const {
  for (const auto& c : children) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

std::vector<const XmlElement*> XmlElement::Children(std::string_view n) const {
  std::vector<const XmlElement*> out;
  for (const auto& c : children) {
    if (c.name == n) out.push_back(&c);
  }
  return out;
}

std::string_view XmlElement::ChildText(std::string_view n) const {
  const XmlElement* c = Child(n);
  return c ? std::string_view(c->text) : std::string_view();
}

std::string_view XmlElement::Attribute(std::string_view n) const {
  for (const auto& attribute : attributes) {
    if (attribute.first == n) return attribute.second;
  }
  return {};
}

std::expected<XmlElement, ParseError> ParseXml(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xFE")) {
    std::string utf8 = Utf16LeToUtf8(bytes.substr(2));
    return Parser(utf8).Document();
  }
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  return Parser(bytes).Document();
}

}  // namespace surveyor::collectors
