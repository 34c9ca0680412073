#include "service/api/host_rate_limit.h"

#include <algorithm>
#include <cmath>

namespace surveyor::service {

HostRateLimit::HostRateLimit(unsigned per_hour, Clock clock)
    : per_second_(per_hour / 3600.0),
      burst_(std::max(1.0, per_hour / 4.0)),
      clock_(clock ? std::move(clock)
                   : [] { return std::chrono::steady_clock::now(); }) {}

std::optional<std::chrono::seconds> HostRateLimit::Take(std::string_view host) {
  if (per_second_ <= 0) return std::nullopt;
  const auto now = clock_();
  std::lock_guard lock(mu_);
  if (++takes_since_sweep_ >= 4096) ForgetFull(now);
  auto [it, fresh] = buckets_.try_emplace(std::string(host));
  Bucket& b = it->second;
  if (fresh) {
    b.tokens = burst_;
  } else {
    const double elapsed = std::chrono::duration<double>(now - b.at).count();
    b.tokens =
        std::min(burst_, b.tokens + std::max(0.0, elapsed) * per_second_);
  }
  b.at = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  const double wait = (1.0 - b.tokens) / per_second_;
  return std::chrono::seconds(
      std::max<long long>(1, static_cast<long long>(std::ceil(wait))));
}

std::size_t HostRateLimit::tracked() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

void HostRateLimit::ForgetFull(std::chrono::steady_clock::time_point now) {
  takes_since_sweep_ = 0;
  std::erase_if(buckets_, [&](const auto& entry) {
    const Bucket& b = entry.second;
    const double elapsed = std::chrono::duration<double>(now - b.at).count();
    return b.tokens + elapsed * per_second_ >= burst_;
  });
}

}  // namespace surveyor::service
