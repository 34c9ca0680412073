#include "collectors/snapshot_builder.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <chrono>

#include "common/hash.h"
#include "common/logging.h"

namespace surveyor::collectors {
namespace {

std::string DeterministicBytes(const google::protobuf::Message& msg) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    msg.SerializeToCodedStream(&coded);
  }
  return out;
}

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
  const auto* reflection = section.GetReflection();
  const auto* oneof = section.GetDescriptor()->FindOneofByName("payload");
  const auto* field = reflection->GetOneofFieldDescriptor(section, oneof);
  if (field == nullptr) return common::Sha256("");
  return common::Sha256(
      DeterministicBytes(reflection->GetMessage(section, field)));
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
