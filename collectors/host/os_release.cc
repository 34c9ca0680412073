#include "collectors/host/os_release.h"

#include "collectors/text_util.h"

namespace surveyor::collectors::host {

std::string UnquoteOsReleaseValue(std::string_view raw) {
  raw = Trim(raw);
  if (raw.size() >= 2 && (raw.front() == '"' || raw.front() == '\'') &&
      raw.back() == raw.front()) {
    char quote = raw.front();
    raw = raw.substr(1, raw.size() - 2);
    if (quote == '\'') return std::string(raw);
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '\\' && i + 1 < raw.size()) {
        char next = raw[i + 1];
        if (next == '"' || next == '\\' || next == '$' || next == '`') {
          out += next;
          ++i;
          continue;
        }
      }
      out += raw[i];
    }
    return out;
  }
  return std::string(raw);
}

v1::OperatingSystem ParseOsRelease(std::string_view text) {
  v1::OperatingSystem os;
  ForEachLine(text, [&](std::string_view line, std::size_t) {
    line = Trim(line);
    if (line.empty() || line.front() == '#') return;
    auto eq = line.find('=');
    if (eq == std::string_view::npos) return;
    std::string_view key = Trim(line.substr(0, eq));
    std::string value = UnquoteOsReleaseValue(line.substr(eq + 1));
    if (key == "ID")
      os.set_id(value);
    else if (key == "NAME")
      os.set_name(value);
    else if (key == "VERSION_ID")
      os.set_version_id(value);
    else if (key == "PRETTY_NAME")
      os.set_pretty_name(value);
    else if (key == "VERSION_CODENAME")
      os.set_version_codename(value);
    else if (key == "ID_LIKE")
      os.set_id_like(value);
  });
  return os;
}

}  // namespace surveyor::collectors::host
