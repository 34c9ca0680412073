#include "service/http/open_files.h"

#include <sys/resource.h>

#include <algorithm>

namespace surveyor::service {

OpenFileLimit RaiseOpenFileLimit() {
  OpenFileLimit result;
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return result;
  result.before = result.now = limit.rlim_cur;
  const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, 1u << 20);
  if (wanted > limit.rlim_cur) {
    rlimit raised = limit;
    raised.rlim_cur = wanted;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) result.now = wanted;
  }
  return result;
}

}  // namespace surveyor::service
