#include "collectors/software/dpkg_status.h"

#include <strings.h>

#include "collectors/text_util.h"

namespace surveyor::collectors::software {
namespace {

bool FieldIs(std::string_view name, std::string_view want) {
  return name.size() == want.size() &&
         ::strncasecmp(name.data(), want.data(), want.size()) == 0;
}

bool IsKnownWant(std::string_view w) {
  return w == "install" || w == "hold" || w == "deinstall" || w == "purge" ||
         w == "unknown";
}

bool IsKnownState(std::string_view s) {
  return s == "installed" || s == "not-installed" || s == "config-files" ||
         s == "half-installed" || s == "unpacked" || s == "half-configured" ||
         s == "triggers-awaited" || s == "triggers-pending";
}

// dpkg prints a version without a zero epoch.
std::string_view NormaliseVersion(std::string_view v) {
  if (v.starts_with("0:")) v.remove_prefix(2);
  return v;
}

// Parses the "want eflag state" words of a Status field.
bool ParseStatusWords(std::string_view v, DpkgEntry& e) {
  auto s1 = v.find(' ');
  if (s1 == std::string_view::npos) return false;
  auto s2 = v.find(' ', s1 + 1);
  if (s2 == std::string_view::npos) return false;
  e.want = v.substr(0, s1);
  e.eflag = v.substr(s1 + 1, s2 - s1 - 1);
  e.state = Trim(v.substr(s2 + 1));
  return IsKnownWant(e.want) && (e.eflag == "ok" || e.eflag == "reinstreq") &&
         IsKnownState(e.state);
}

class StanzaParser {
 public:
  explicit StanzaParser(DpkgStatus& out) : out_(out) {}

  void Field(std::string_view name, std::string_view value, std::uint64_t line,
             std::uint64_t offset) {
    if (!in_stanza_) Begin(line, offset);
    field_line_ = line;
    field_offset_ = offset;
    switch (name.empty() ? '\0' : name[0] | 0x20) {
      case 'p':
        if (FieldIs(name, "Package")) cur_.package = value;
        break;
      case 'v':
        if (FieldIs(name, "Version")) cur_.version = NormaliseVersion(value);
        break;
      case 'a':
        if (FieldIs(name, "Architecture")) cur_.architecture = value;
        break;
      case 's':
        if (FieldIs(name, "Status")) {
          has_status_ = true;
          if (!ParseStatusWords(value, cur_))
            Problem("invalid Status field", field_line_, field_offset_);
        } else if (FieldIs(name, "Source")) {
          auto paren = value.find('(');
          if (paren == std::string_view::npos) {
            cur_.source_name = value;
          } else {
            cur_.source_name = Trim(value.substr(0, paren));
            auto close = value.find(')', paren);
            if (close == std::string_view::npos) {
              Problem("unterminated version in Source field", field_line_,
                      field_offset_);
            } else {
              cur_.source_version =
                  Trim(value.substr(paren + 1, close - paren - 1));
            }
          }
        } else if (FieldIs(name, "Section")) {
          cur_.section = value;
        }
        break;
      case 'm':
        if (FieldIs(name, "Maintainer")) {
          cur_.maintainer = value;
        } else if (FieldIs(name, "Multi-Arch")) {
          cur_.multi_arch = value;
        }
        break;
      case 'i':
        if (FieldIs(name, "Installed-Size")) {
          auto kib = ParseUint(value);
          if (!kib) {
            Problem("invalid Installed-Size field", field_line_, field_offset_);
          } else {
            cur_.installed_size_kib = *kib;
          }
        }
        break;
      default:
        break;
    }
  }

  // A line that is neither a field nor a continuation.
  void Malformed(std::uint64_t line, std::uint64_t offset,
                 std::string_view reason) {
    if (!in_stanza_) Begin(line, offset);
    Problem(reason, line, offset);
  }

  void End() {
    if (!in_stanza_) return;
    in_stanza_ = false;
    if (!bad_) {
      if (cur_.package.empty()) {
        Problem("stanza without Package field");
      } else if (!has_status_) {
        Problem("stanza without Status field");
      } else if (cur_.state != "not-installed" &&
                 cur_.state != "config-files" && cur_.version.empty()) {
        Problem("installed package without Version field");
      }
    }
    if (bad_) return;
    if (cur_.state == "not-installed" || cur_.state == "config-files") return;
    if (cur_.source_name.empty()) cur_.source_name = cur_.package;
    out_.entries.push_back(cur_);
  }

 private:
  void Begin(std::uint64_t line, std::uint64_t offset) {
    in_stanza_ = true;
    bad_ = false;
    has_status_ = false;
    cur_ = DpkgEntry{};
    cur_.line = line;
    start_offset_ = offset;
  }

  void Problem(std::string_view reason, std::uint64_t line = 0,
               std::uint64_t offset = 0) {
    bad_ = true;
    ++out_.problem_count;
    if (out_.problems.size() < DpkgStatus::kMaxProblems) {
      out_.problems.push_back(ParseError{line ? line : cur_.line,
                                         line ? offset : start_offset_,
                                         std::string(reason)});
    }
  }

  DpkgStatus& out_;
  DpkgEntry cur_;
  bool in_stanza_ = false;
  bool bad_ = false;
  bool has_status_ = false;
  std::uint64_t start_offset_ = 0;
  std::uint64_t field_line_ = 0;
  std::uint64_t field_offset_ = 0;
};

}  // namespace

DpkgStatus ParseDpkgStatus(std::string_view text) {
  DpkgStatus out;
  out.entries.reserve(text.size() / 2048 + 16);
  StanzaParser stanza(out);
  std::size_t pos = 0;
  std::uint64_t line = 0;
  while (pos < text.size()) {
    ++line;
    std::size_t nl = text.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view raw = text.substr(pos, end - pos);
    std::uint64_t offset = pos;
    pos = nl == std::string_view::npos ? text.size() : nl + 1;

    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (raw.find('\0') != std::string_view::npos) {
      stanza.Malformed(line, offset + raw.find('\0'),
                       "binary data (NUL byte) in status file");
      continue;
    }
    if (Trim(raw).empty()) {
      stanza.End();
      continue;
    }
    if (raw[0] == ' ' || raw[0] == '\t') continue;  // Continuation line.
    if (raw[0] == '#') continue;                    // Comment (deb822).
    auto colon = raw.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      stanza.Malformed(line, offset, "line is not a 'Field: value' pair");
      continue;
    }
    stanza.Field(raw.substr(0, colon), Trim(raw.substr(colon + 1)), line,
                 offset);
  }
  stanza.End();
  return out;
}

}  // namespace surveyor::collectors::software
