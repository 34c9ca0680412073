#include "collectors/passwd.h"

#include <set>

#include "collectors/host_view.h"
#include "collectors/text_util.h"

namespace surveyor::collectors {

std::vector<PasswdEntry> ParsePasswd(std::string_view text) {
  std::vector<PasswdEntry> out;
  ForEachLine(text, [&](std::string_view line, std::size_t) {
    if (line.empty() || line.front() == '#') return;
    std::string_view fields[7];
    std::size_t n = 0, start = 0;
    while (n < 7) {
      auto colon = line.find(':', start);
      fields[n++] = line.substr(start, colon == std::string_view::npos
                                           ? std::string_view::npos
                                           : colon - start);
      if (colon == std::string_view::npos) break;
      start = colon + 1;
    }
    if (n < 7 || fields[0].empty()) return;
    auto uid = ParseUint(fields[2]);
    if (!uid || *uid > 0xffffffffu) return;
    out.push_back(PasswdEntry{std::string(fields[0]),
                              static_cast<std::uint32_t>(*uid),
                              std::string(Trim(fields[5]))});
  });
  return out;
}

std::vector<PasswdEntry> UserHomes(const HostView& host) {
  std::vector<PasswdEntry> users;
  if (auto passwd = host.ReadFile("/etc/passwd", 16 << 20)) {
    users = ParsePasswd(*passwd);
  }
  if (auto entries = host.ListDir("/home")) {
    for (const auto& e : *entries) {
      if (e.is_dir) users.push_back(PasswdEntry{e.name, 0, "/home/" + e.name});
    }
  }
  std::vector<PasswdEntry> out;
  std::set<std::string> seen;
  for (auto& u : users) {
    if (u.home.empty() || u.home == "/" || u.home.front() != '/') continue;
    if (!seen.insert(u.home).second) continue;
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace surveyor::collectors
