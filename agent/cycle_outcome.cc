// The cycle worker's outcome line (cycle_worker.h), the same on every OS.
#include <cinttypes>
#include <cstdio>

#include "agent/cycle_worker.h"

namespace surveyor::agent {

std::string EncodeOutcome(const CycleOutcome& o) {
  char line[96];
  std::snprintf(line, sizeof(line), "surveyor-cycle %d %d %" PRId64 "\n",
                o.drained ? 1 : 0, o.collect_failed ? 1 : 0,
                static_cast<std::int64_t>(o.retry_in.count()));
  return line + o.error;
}

std::optional<CycleOutcome> DecodeOutcome(const std::string& text) {
  auto nl = text.find('\n');
  if (nl == std::string::npos) return std::nullopt;
  int drained = 0, failed = 0;
  std::int64_t retry = 0;
  char tail = 0;
  std::string head = text.substr(0, nl);
  if (std::sscanf(head.c_str(), "surveyor-cycle %d %d %" SCNd64 "%c", &drained,
                  &failed, &retry, &tail) != 3 ||
      (drained != 0 && drained != 1) || (failed != 0 && failed != 1) ||
      retry < 0) {
    return std::nullopt;
  }
  CycleOutcome o;
  o.drained = drained == 1;
  o.collect_failed = failed == 1;
  o.retry_in = std::chrono::seconds(retry);
  o.error = text.substr(nl + 1);
  return o;
}

}  // namespace surveyor::agent
