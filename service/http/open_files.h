// The process's open-file limit, raised to what it is allowed: a server
// holding thousands of connections needs more than the usual soft limit of
// 1024, and the hard limit (systemd's LimitNOFILE) says how far it may go.
#pragma once

#include <cstdint>

namespace surveyor::service {

struct OpenFileLimit {
  std::uint64_t before = 0;  // soft limit found
  std::uint64_t now = 0;     // soft limit after raising it to the hard one
};

// Raises the soft RLIMIT_NOFILE to the hard limit (capped at 1,048,576).
OpenFileLimit RaiseOpenFileLimit();

}  // namespace surveyor::service
