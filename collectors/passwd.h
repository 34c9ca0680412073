// The user database: passwd(5) parsed (pure), and the home directories of a
// host's users for probes that look into them (Flatpak user installations,
// browser profiles).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace surveyor::collectors {

class HostView;

// One line of passwd(5).
struct PasswdEntry {
  std::string name;
  std::uint32_t uid = 0;
  std::string home;
};

// Entries of a passwd(5) file; malformed lines are skipped.
std::vector<PasswdEntry> ParsePasswd(std::string_view text);

// Users with an absolute home directory other than "/", each home once:
// those in /etc/passwd, then directories under /home that it does not list
// (an image without /etc/passwd, or users from a directory service), named
// after the directory. Reads through `host`.
std::vector<PasswdEntry> UserHomes(const HostView& host);

}  // namespace surveyor::collectors
