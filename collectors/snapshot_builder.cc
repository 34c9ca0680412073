#include "collectors/snapshot_builder.h"

#include <chrono>

#include "common/snapshot_delta.h"

namespace surveyor::collectors {
namespace {

void SetTimestamp(google::protobuf::Timestamp* ts,
                  std::chrono::system_clock::time_point t) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                t.time_since_epoch())
                .count();
  ts->set_seconds(us / 1'000'000);
  ts->set_nanos(static_cast<int>(us % 1'000'000) * 1000);
}

}  // namespace

std::string SectionContentHash(const v1::Section& section) {
  return common::SectionPayloadHash(section);
}

v1::Snapshot BuildSnapshot(
    const std::vector<std::unique_ptr<Collector>>& collectors,
    const CollectContext& ctx) {
  v1::Snapshot snapshot;
  SetTimestamp(snapshot.mutable_collected_at(), ctx.now);
  for (const auto& collector : collectors) {
    auto* section = snapshot.add_sections();
    section->set_collector(std::string(collector->name()));
    auto start = std::chrono::steady_clock::now();
    collector->Collect(ctx, *section);
    auto elapsed = std::chrono::steady_clock::now() - start;
    section->set_duration_us(static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(elapsed)
            .count()));
    SetTimestamp(
        section->mutable_collected_at(),
        ctx.now +
            std::chrono::duration_cast<std::chrono::system_clock::duration>(
                elapsed));
    section->set_content_hash(SectionContentHash(*section));
    if (section->has_host()) {
      *snapshot.mutable_host() = section->host().identity();
    }
  }
  return snapshot;
}

}  // namespace surveyor::collectors
