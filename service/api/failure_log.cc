#include "service/api/failure_log.h"

#include <vector>

#include "common/logging.h"

namespace surveyor::service {

FailureLog::FailureLog(std::function<void(const std::string&)> sink,
                       std::chrono::seconds interval, Clock clock)
    : sink_(std::move(sink)),
      interval_(interval),
      clock_(clock ? std::move(clock)
                   : Clock(&std::chrono::steady_clock::now)) {}

void FailureLog::Note(std::string_view kind, std::string_view detail,
                      std::string_view peer) {
  std::string line = std::string(kind);
  if (!detail.empty()) line += ": " + common::Printable(detail);
  line += " (peer " + common::Printable(peer) + ")";
  std::string summary;
  {
    std::lock_guard lock(mu_);
    std::string key(kind);
    if (!windows_.contains(key) && windows_.size() >= kMaxKinds) {
      key = "other refusals";
    }
    auto now = clock_();
    auto [it, fresh] = windows_.try_emplace(key);
    Window& w = it->second;
    if (!fresh && now - w.start < interval_) {
      ++w.suppressed;
      w.last = std::move(line);
      return;
    }
    if (!fresh) summary = TakeSummary(key, w, now, interval_);
    w.start = now;
  }
  if (!summary.empty()) sink_(summary);
  sink_(line);
}

std::string FailureLog::TakeSummary(const std::string& kind, Window& w,
                                    std::chrono::steady_clock::time_point now,
                                    std::chrono::seconds interval) {
  if (w.suppressed == 0 || now - w.start < interval) return {};
  std::string summary = std::to_string(w.suppressed) + " more '" + kind +
                        "' refusals not logged one by one; the last: " + w.last;
  w.suppressed = 0;
  w.last.clear();
  return summary;
}

void FailureLog::Flush() {
  std::vector<std::string> lines;
  {
    std::lock_guard lock(mu_);
    auto now = clock_();
    for (auto it = windows_.begin(); it != windows_.end();) {
      std::string s = TakeSummary(it->first, it->second, now, interval_);
      if (!s.empty()) lines.push_back(std::move(s));
      // Quiet kinds are forgotten, so the map holds only recent ones.
      if (now - it->second.start >= interval_ && it->second.suppressed == 0) {
        it = windows_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (const auto& l : lines) sink_(l);
}

}  // namespace surveyor::service
