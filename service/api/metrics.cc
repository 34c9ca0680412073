#include "service/api/metrics.h"

#include <fmt/format.h>

#include <string_view>

namespace surveyor::service {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::Ingested(std::uint64_t wire, std::uint64_t decoded,
                       double seconds, bool duplicate) {
  std::lock_guard lock(mu_);
  ++snapshots_;
  if (duplicate) ++duplicates_;
  bytes_ += wire;
  decoded_bytes_ += decoded;
  ++latency_count_;
  latency_sum_ += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++bucket_counts_[i];
  }
}

std::string Metrics::Render(const std::vector<Tenant>& tenants) const {
  std::lock_guard lock(mu_);
  std::string out;
  // HELP, TYPE and the value of one counter.
  auto counter = [&out](std::string_view name, std::string_view help,
                        std::uint64_t value) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} counter\n{0} {2}\n", name,
                       help, value);
  };
  counter("surveyor_snapshots_ingested_total", "Snapshots accepted.",
          snapshots_);
  counter("surveyor_snapshots_duplicate_total",
          "Retried snapshots acknowledged again.", duplicates_);
  counter("surveyor_ingested_bytes_total",
          "Request body bytes of accepted snapshots.", bytes_);
  counter("surveyor_ingested_decoded_bytes_total",
          "Snapshot bytes after decompression.", decoded_bytes_);
  counter("surveyor_digests_sent_total", "Weekly digests sent.", digests_sent_);
  counter("surveyor_digest_failures_total",
          "Weekly digest deliveries that failed (retried with back-off).",
          digest_failures_);
  counter("surveyor_enrollments_total", "Successful enrollments.",
          enrollments_);
  out +=
      "# HELP surveyor_ingest_seconds Time to authenticate, decode and "
      "store one snapshot.\n";
  out += "# TYPE surveyor_ingest_seconds histogram\n";
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    out += fmt::format("surveyor_ingest_seconds_bucket{{le=\"{}\"}} {}\n",
                       kBuckets[i], bucket_counts_[i]);
  }
  out += fmt::format("surveyor_ingest_seconds_bucket{{le=\"+Inf\"}} {}\n",
                     latency_count_);
  out += fmt::format("surveyor_ingest_seconds_sum {}\n", latency_sum_);
  out += fmt::format("surveyor_ingest_seconds_count {}\n", latency_count_);
  out += "# HELP surveyor_request_errors_total Rejected requests by kind.\n";
  out += "# TYPE surveyor_request_errors_total counter\n";
  for (const auto& [kind, n] : errors_) {
    out += fmt::format("surveyor_request_errors_total{{kind=\"{}\"}} {}\n",
                       Escape(kind), n);
  }
  out += "# HELP surveyor_hosts Enrolled hosts by tenant.\n";
  out += "# TYPE surveyor_hosts gauge\n";
  for (const auto& t : tenants) {
    out += fmt::format("surveyor_hosts{{tenant=\"{}\"}} {}\n", Escape(t.name),
                       t.hosts);
  }
  return out;
}

}  // namespace surveyor::service
