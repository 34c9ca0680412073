#include "service/api/metrics.h"

#include <fmt/format.h>

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
  out += "# HELP surveyor_snapshots_ingested_total Snapshots accepted.\n";
  out += "# TYPE surveyor_snapshots_ingested_total counter\n";
  out += fmt::format("surveyor_snapshots_ingested_total {}\n", snapshots_);
  out +=
      "# HELP surveyor_snapshots_duplicate_total Retried snapshots "
      "acknowledged again.\n";
  out += "# TYPE surveyor_snapshots_duplicate_total counter\n";
  out += fmt::format("surveyor_snapshots_duplicate_total {}\n", duplicates_);
  out +=
      "# HELP surveyor_ingested_bytes_total Request body bytes of accepted "
      "snapshots.\n";
  out += "# TYPE surveyor_ingested_bytes_total counter\n";
  out += fmt::format("surveyor_ingested_bytes_total {}\n", bytes_);
  out +=
      "# HELP surveyor_ingested_decoded_bytes_total Snapshot bytes after "
      "decompression.\n";
  out += "# TYPE surveyor_ingested_decoded_bytes_total counter\n";
  out +=
      fmt::format("surveyor_ingested_decoded_bytes_total {}\n", decoded_bytes_);
  out += "# HELP surveyor_digests_sent_total Weekly digests sent.\n";
  out += "# TYPE surveyor_digests_sent_total counter\n";
  out += fmt::format("surveyor_digests_sent_total {}\n", digests_sent_);
  out +=
      "# HELP surveyor_digest_failures_total Weekly digest deliveries that "
      "failed (retried with back-off).\n";
  out += "# TYPE surveyor_digest_failures_total counter\n";
  out += fmt::format("surveyor_digest_failures_total {}\n", digest_failures_);
  out += "# HELP surveyor_enrollments_total Successful enrollments.\n";
  out += "# TYPE surveyor_enrollments_total counter\n";
  out += fmt::format("surveyor_enrollments_total {}\n", enrollments_);
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
