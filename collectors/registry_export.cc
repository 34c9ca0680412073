#include "collectors/registry_export.h"

#include <optional>

#include "collectors/text_util.h"

namespace surveyor::collectors {
namespace {

// Latin-1 (what a REGEDIT4 file holds in the absence of a code page) to
// UTF-8; ASCII passes through.
std::string Latin1ToUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) AppendUtf8(out, c);
  return out;
}

bool IsValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80         ? 1
                    : (c >> 5) == 6  ? 2
                    : (c >> 4) == 14 ? 3
                    : (c >> 3) == 30 ? 4
                                     : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

std::optional<int> HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

// "01,02,ff" (spaces allowed) to bytes.
std::optional<std::string> ParseHexBytes(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i == s.size()) break;
    if (i + 1 >= s.size()) return std::nullopt;
    auto hi = HexDigit(s[i]), lo = HexDigit(s[i + 1]);
    if (!hi || !lo) return std::nullopt;
    out += static_cast<char>(*hi * 16 + *lo);
    i += 2;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i < s.size()) {
      if (s[i] != ',') return std::nullopt;
      ++i;
    }
  }
  return out;
}

// A quoted string starting at s[0] == '"': its unescaped content and the
// length consumed, or nullopt when unterminated.
std::optional<std::pair<std::string, std::size_t>> QuotedString(
    std::string_view s) {
  std::string out;
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      out += s[++i];
    } else if (s[i] == '"') {
      return std::make_pair(out, i + 1);
    } else {
      out += s[i];
    }
  }
  return std::nullopt;
}

std::vector<std::string> SplitMulti(const std::string& joined) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < joined.size()) {
    auto nul = joined.find('\0', start);
    if (nul == std::string::npos) nul = joined.size();
    if (nul == start) break;  // The empty string ends the list.
    out.push_back(joined.substr(start, nul - start));
    start = nul + 1;
  }
  return out;
}

// The whole file as UTF-8 text (UTF-16LE with a BOM, UTF-8, or 8-bit).
std::string DecodeFile(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xFE")) return Utf16LeToUtf8(bytes.substr(2));
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (IsValidUtf8(bytes)) return std::string(bytes);
  return Latin1ToUtf8(bytes);
}

ParseError Error(std::uint64_t line, std::string reason) {
  return ParseError{line, 0, std::move(reason)};
}

}  // namespace

const RegistryValue* RegistryKey::Find(std::string_view name) const {
  for (const auto& v : values) {
    if (EqualsIgnoreCase(v.name, name)) return &v;
  }
  return nullptr;
}

std::string_view RegistryKey::String(std::string_view name) const {
  const auto* v = Find(name);
  if (v == nullptr || (v->type != RegistryValue::Type::kString &&
                       v->type != RegistryValue::Type::kExpandString)) {
    return {};
  }
  return v->text;
}

std::uint64_t RegistryKey::Number(std::string_view name,
                                  std::uint64_t fallback) const {
  const auto* v = Find(name);
  if (v == nullptr || (v->type != RegistryValue::Type::kDword &&
                       v->type != RegistryValue::Type::kQword)) {
    return fallback;
  }
  return v->number;
}

std::string Utf16LeToUtf8(std::string_view bytes, bool stop_at_nul) {
  std::string out;
  out.reserve(bytes.size() / 2);
  std::size_t i = 0;
  auto unit = [&](std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at])) |
           (static_cast<std::uint32_t>(
                static_cast<unsigned char>(bytes[at + 1]))
            << 8);
  };
  while (i + 1 < bytes.size()) {
    std::uint32_t u = unit(i);
    i += 2;
    if (u == 0 && stop_at_nul) break;
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < bytes.size()) {
      std::uint32_t low = unit(i);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        i += 2;
        AppendUtf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
        continue;
      }
    }
    AppendUtf8(out, (u >= 0xD800 && u <= 0xDFFF) ? 0xFFFD : u);
  }
  return out;
}

std::expected<std::vector<RegistryKey>, ParseError> ParseRegistryExport(
    std::string_view bytes) {
  const std::string text = DecodeFile(bytes);
  // Logical lines: a line ending in '\' continues on the next (hex data).
  struct Line {
    std::string text;
    std::uint64_t number;
  };
  std::vector<Line> lines;
  bool continuing = false;
  ForEachLine(text, [&](std::string_view raw, std::size_t number) {
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view trimmed = Trim(line);
    if (continuing) {
      lines.back().text += std::string(trimmed);
    } else {
      lines.push_back({std::string(line), number});
    }
    continuing = !lines.back().text.empty() && lines.back().text.back() == '\\';
    if (continuing) lines.back().text.pop_back();
  });

  std::vector<RegistryKey> keys;
  bool header = false, version5 = false, skipping = false;
  for (const auto& [line_text, number] : lines) {
    std::string_view line = Trim(line_text);
    if (line.empty() || line.front() == ';') continue;
    if (!header) {
      if (line == "Windows Registry Editor Version 5.00") {
        version5 = true;
      } else if (line != "REGEDIT4") {
        return std::unexpected(
            Error(number,
                  "not a registry export (no \"Windows Registry "
                  "Editor Version 5.00\" or \"REGEDIT4\" header)"));
      }
      header = true;
      continue;
    }
    if (line.front() == '[') {
      if (line.back() != ']') {
        return std::unexpected(Error(number, "key name without ']'"));
      }
      std::string_view path = line.substr(1, line.size() - 2);
      skipping = path.starts_with('-');
      if (!skipping) keys.push_back(RegistryKey{std::string(path), {}});
      continue;
    }
    if (skipping) continue;
    if (keys.empty()) {
      return std::unexpected(Error(number, "value before any [key]"));
    }
    RegistryValue value;
    std::size_t pos = 0;
    if (line.front() == '@') {
      pos = 1;
    } else if (line.front() == '"') {
      auto name = QuotedString(line);
      if (!name) return std::unexpected(Error(number, "unterminated name"));
      value.name = std::move(name->first);
      pos = name->second;
    } else {
      return std::unexpected(Error(number, "expected \"name\"=, @= or [key]"));
    }
    std::string_view rest = Trim(line.substr(pos));
    if (!rest.starts_with('=')) {
      return std::unexpected(Error(number, "expected '=' after the name"));
    }
    rest = Trim(rest.substr(1));
    if (rest == "-") continue;  // Deletes the value.
    if (rest.starts_with('"')) {
      auto s = QuotedString(rest);
      if (!s || !Trim(rest.substr(s->second)).empty()) {
        return std::unexpected(Error(number, "bad string value"));
      }
      value.type = RegistryValue::Type::kString;
      value.text = std::move(s->first);
    } else if (rest.starts_with("dword:")) {
      std::string_view digits = rest.substr(6);
      std::uint64_t v = 0;
      if (digits.empty() || digits.size() > 8) {
        return std::unexpected(Error(number, "bad dword"));
      }
      for (char c : digits) {
        auto d = HexDigit(c);
        if (!d) return std::unexpected(Error(number, "bad dword"));
        v = v * 16 + static_cast<std::uint64_t>(*d);
      }
      value.type = RegistryValue::Type::kDword;
      value.number = v;
    } else if (rest.starts_with("hex")) {
      int type = 3;  // REG_BINARY
      std::string_view data = rest.substr(3);
      if (data.starts_with('(')) {
        auto close = data.find(')');
        if (close == std::string_view::npos) {
          return std::unexpected(Error(number, "bad hex(type)"));
        }
        std::string_view t = data.substr(1, close - 1);
        int parsed = 0;
        if (t.empty() || t.size() > 8) {
          return std::unexpected(Error(number, "bad hex(type)"));
        }
        for (char c : t) {
          auto d = HexDigit(c);
          if (!d) return std::unexpected(Error(number, "bad hex(type)"));
          parsed = parsed * 16 + *d;
        }
        type = parsed;
        data = data.substr(close + 1);
      }
      if (!data.starts_with(':')) {
        return std::unexpected(Error(number, "expected ':' after hex"));
      }
      auto raw = ParseHexBytes(data.substr(1));
      if (!raw) return std::unexpected(Error(number, "bad hex data"));
      // Version 5 stores the string types as UTF-16LE, REGEDIT4 as 8-bit.
      auto decode = [&](const std::string& b) {
        if (version5) return Utf16LeToUtf8(b);
        std::string s = b;
        return IsValidUtf8(s) ? s : Latin1ToUtf8(s);
      };
      auto strip_nul = [](std::string s) {
        while (!s.empty() && s.back() == '\0') s.pop_back();
        return s;
      };
      switch (type) {
        case 1:
          value.type = RegistryValue::Type::kString;
          value.text = strip_nul(decode(*raw));
          break;
        case 2:
          value.type = RegistryValue::Type::kExpandString;
          value.text = strip_nul(decode(*raw));
          break;
        case 7:
          value.type = RegistryValue::Type::kMultiString;
          value.strings = SplitMulti(decode(*raw));
          break;
        case 4:
        case 0xb: {
          std::size_t width = type == 4 ? 4 : 8;
          if (raw->size() != width) {
            return std::unexpected(Error(number, "bad number width"));
          }
          std::uint64_t v = 0;
          for (std::size_t k = width; k-- > 0;) {
            v = (v << 8) | static_cast<unsigned char>((*raw)[k]);
          }
          value.type = type == 4 ? RegistryValue::Type::kDword
                                 : RegistryValue::Type::kQword;
          value.number = v;
          break;
        }
        default:
          value.type = RegistryValue::Type::kBinary;
          value.bytes = std::move(*raw);
      }
    } else {
      return std::unexpected(Error(number, "unknown value form"));
    }
    keys.back().values.push_back(std::move(value));
  }
  if (!header) {
    return std::unexpected(Error(1, "empty registry export"));
  }
  return keys;
}

}  // namespace surveyor::collectors
