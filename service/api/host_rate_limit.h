// HostRateLimit: how many snapshots one host (agent id) may submit, as a
// token bucket: `per_hour` refill, bursts up to a quarter of that (at least
// one), so an agent draining a week-old outbox is slowed, not refused for
// good. Over the limit, Take says how long to wait (the API's 429
// Retry-After). Per server process: with several servers behind a load
// balancer each counts its own share. Buckets that have refilled are
// forgotten, so memory follows the hosts active in the last burst window.
// Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace surveyor::service {

class HostRateLimit {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // `per_hour` 0 turns the limit off.
  explicit HostRateLimit(unsigned per_hour, Clock clock = {});

  // Takes one submission for `host`: nullopt when allowed, else the
  // seconds (at least 1) until one is.
  std::optional<std::chrono::seconds> Take(std::string_view host);

  double burst() const { return burst_; }
  std::size_t tracked() const;

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point at{};
  };
  void ForgetFull(std::chrono::steady_clock::time_point now);

  const double per_second_;
  const double burst_;
  Clock clock_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::size_t takes_since_sweep_ = 0;
};

}  // namespace surveyor::service
