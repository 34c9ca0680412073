#include "collectors/protection/linux_posture.h"

#include <strings.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "collectors/json_util.h"
#include "collectors/text_util.h"

namespace surveyor::collectors::protection {
namespace {

namespace json = boost::json;

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Tokens of apt.conf(5): words, quoted strings, '{', '}', ';'.
struct AptToken {
  enum Kind { kWord, kString, kOpen, kClose, kSemi } kind;
  std::string_view text;
};

std::vector<AptToken> TokenizeAptConf(std::string_view s) {
  std::vector<AptToken> out;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '#' || (c == '/' && i + 1 < s.size() && s[i + 1] == '/')) {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      auto end = s.find("*/", i + 2);
      i = end == std::string_view::npos ? s.size() : end + 2;
    } else if (c == '"') {
      auto end = s.find('"', i + 1);
      if (end == std::string_view::npos) end = s.size();
      out.push_back({AptToken::kString, s.substr(i + 1, end - i - 1)});
      i = end + 1;
    } else if (c == '{') {
      out.push_back({AptToken::kOpen, "{"});
      ++i;
    } else if (c == '}') {
      out.push_back({AptToken::kClose, "}"});
      ++i;
    } else if (c == ';') {
      out.push_back({AptToken::kSemi, ";"});
      ++i;
    } else {
      std::size_t start = i;
      while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
             s[i] != '\r' && s[i] != '"' && s[i] != '{' && s[i] != '}' &&
             s[i] != ';') {
        ++i;
      }
      out.push_back({AptToken::kWord, s.substr(start, i - start)});
    }
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> ParseKeyValueLines(std::string_view text) {
  std::map<std::string, std::string> out;
  ForEachLine(text, [&](std::string_view line, std::size_t) {
    auto eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) return;
    out[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
  });
  return out;
}

std::map<std::string, std::string> ParseShellAssignments(
    std::string_view text) {
  std::map<std::string, std::string> out;
  ForEachLine(text, [&](std::string_view line, std::size_t) {
    line = Trim(line);
    if (line.empty() || line.front() == '#') return;
    auto eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) return;
    std::string_view value = Trim(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    out[std::string(Trim(line.substr(0, eq)))] = std::string(value);
  });
  return out;
}

std::expected<NftSummary, ParseError> ParseNftRuleset(std::string_view text) {
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec || !root.is_object()) {
    return std::unexpected(
        ParseError{0, 0,
                   "nft output is not a JSON object" +
                       (ec ? ": " + ec.message() : std::string())});
  }
  const auto* items = root.get_object().if_contains("nftables");
  if (items == nullptr || !items->is_array()) {
    return std::unexpected(
        ParseError{0, 0, "nft output has no \"nftables\" array"});
  }
  NftSummary s;
  for (const auto& item : items->get_array()) {
    const auto* o = item.if_object();
    if (o == nullptr) continue;
    if (o->contains("table")) ++s.tables;
    if (o->contains("rule")) ++s.rules;
    if (const auto* chain = o->if_contains("chain");
        chain && chain->is_object()) {
      const auto& c = chain->get_object();
      const auto* hook = c.if_contains("hook");
      if (hook && hook->is_string() && hook->get_string() == "input") {
        ++s.input_chains;
        const auto* policy = c.if_contains("policy");
        if (policy && policy->is_string() && policy->get_string() == "drop") {
          ++s.input_drop_policy;
        }
      }
    }
  }
  return s;
}

std::optional<std::string> RootDeviceNumber(std::string_view mountinfo) {
  std::optional<std::string> found;
  ForEachLine(mountinfo, [&](std::string_view line, std::size_t) {
    // id parent major:minor root mountpoint options ...
    std::string_view fields[5];
    std::size_t n = 0, pos = 0;
    while (n < 5 && pos < line.size()) {
      auto sp = line.find(' ', pos);
      fields[n++] =
          line.substr(pos, sp == std::string_view::npos ? std::string_view::npos
                                                        : sp - pos);
      if (sp == std::string_view::npos) break;
      pos = sp + 1;
    }
    if (n == 5 && fields[4] == "/" && fields[3] == "/") {
      found = std::string(fields[2]);
    }
  });
  return found;
}

std::string CryptTypeFromDmUuid(std::string_view uuid) {
  uuid = Trim(uuid);
  if (!uuid.starts_with("CRYPT-")) return {};
  std::string_view rest = uuid.substr(6);
  if (rest.starts_with("LUKS2-")) return "luks2";
  if (rest.starts_with("LUKS1-")) return "luks1";
  return "crypt";
}

std::optional<std::string> AptConfigValue(
    const std::vector<std::string_view>& files, std::string_view key) {
  std::optional<std::string> value;
  for (std::string_view file : files) {
    auto tokens = TokenizeAptConf(file);
    std::vector<std::string> scope;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const AptToken& t = tokens[i];
      if (t.kind == AptToken::kClose) {
        if (!scope.empty()) scope.pop_back();
        continue;
      }
      if (t.kind != AptToken::kWord) continue;
      if (t.text.starts_with("#")) continue;  // #clear, #include.
      std::string name;
      for (const auto& s : scope) name += s + "::";
      name += std::string(t.text);
      if (i + 1 < tokens.size() && tokens[i + 1].kind == AptToken::kOpen) {
        scope.push_back(std::string(t.text));
        ++i;
        continue;
      }
      if (i + 1 < tokens.size() && (tokens[i + 1].kind == AptToken::kString ||
                                    tokens[i + 1].kind == AptToken::kWord)) {
        if (EqualsNoCase(name, key)) value = std::string(tokens[i + 1].text);
        ++i;
      }
    }
  }
  return value;
}

std::optional<std::string> IniValue(std::string_view text,
                                    std::string_view section,
                                    std::string_view key) {
  std::optional<std::string> value;
  bool in_section = false;
  ForEachLine(text, [&](std::string_view line, std::size_t) {
    line = Trim(line);
    if (line.empty() || line.front() == '#' || line.front() == ';') return;
    if (line.front() == '[' && line.back() == ']') {
      in_section = Trim(line.substr(1, line.size() - 2)) == section;
      return;
    }
    auto eq = line.find('=');
    if (!in_section || eq == std::string_view::npos) return;
    if (Trim(line.substr(0, eq)) == key) {
      value = std::string(Trim(line.substr(eq + 1)));
    }
  });
  return value;
}

}  // namespace surveyor::collectors::protection
