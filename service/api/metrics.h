// Server metrics in Prometheus text exposition format: snapshots and bytes
// ingested, ingest latency histogram, errors by kind, and (at scrape time)
// hosts by tenant, queue rejections, body sizes before and after
// decompression. Updated from the I/O thread and the workers.
//
// Thread-safety: every method is thread-safe (one mutex).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "service/store/store.h"

namespace surveyor::service {

class Metrics {
 public:
  // `wire` bytes as sent (maybe compressed), `decoded` after decoding.
  void Ingested(std::uint64_t wire, std::uint64_t decoded, double seconds,
                bool duplicate);
  void Enrolled() {
    std::lock_guard lock(mu_);
    ++enrollments_;
  }
  // A weekly digest delivery attempt by the schedule.
  void DigestDelivered(bool sent) {
    std::lock_guard lock(mu_);
    ++(sent ? digests_sent_ : digest_failures_);
  }
  void Error(const std::string& kind) {
    std::lock_guard lock(mu_);
    ++errors_[kind];
  }

  // The exposition text; tenants give the per-tenant host gauge.
  std::string Render(const std::vector<Tenant>& tenants) const;

  std::uint64_t digests_sent() const {
    std::lock_guard lock(mu_);
    return digests_sent_;
  }
  std::uint64_t snapshots() const {
    std::lock_guard lock(mu_);
    return snapshots_;
  }

 private:
  static constexpr std::array<double, 10> kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0};
  mutable std::mutex mu_;
  std::uint64_t snapshots_ = 0;
  std::uint64_t decoded_bytes_ = 0;
  std::uint64_t duplicates_ = 0;
  std::uint64_t bytes_ = 0;
  std::uint64_t enrollments_ = 0;
  std::uint64_t digests_sent_ = 0;
  std::uint64_t digest_failures_ = 0;
  std::array<std::uint64_t, kBuckets.size()> bucket_counts_{};
  std::uint64_t latency_count_ = 0;
  double latency_sum_ = 0;
  std::map<std::string, std::uint64_t> errors_;
};

}  // namespace surveyor::service
