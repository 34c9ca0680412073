// The ingest use case: one snapshot from an authenticated host, applied in
// one transaction and idempotent on (host, sequence). Each section is planned
// by service/domain/ingest_plan.h; this applies the plans through the
// storage rows and reports what changed for the findings engine.
//
// Errors: kInvalidArgument (sequence 0, a section without a collector),
// kPermissionDenied (the snapshot names another machine), storage errors as
// they come; on any error nothing of the snapshot is stored.
//
// Thread-safety: as the Store it uses (one thread at a time).
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>

#include "common/error.h"
#include "service/store/store.h"
#include "surveyor/v1/service.pb.h"
#include "surveyor/v1/snapshot.pb.h"

namespace surveyor::service {

class Ingestor {
 public:
  explicit Ingestor(Store& store) : store_(store) {}

  // `wire_bytes` is what travelled (for the snapshots table); `digest` is
  // the SHA-256 of the uncompressed body. A sequence stored before is
  // acknowledged as a duplicate when its digest matches (a retry, at this
  // server or another); with another digest the agent's state went back in
  // time: nothing is stored and the response has sequence_conflict and the
  // host's next free sequence. `stats` may be null.
  std::expected<v1::SubmitResponse, common::Error> Ingest(
      const Host& host, const v1::Snapshot& snapshot, std::size_t wire_bytes,
      const std::string& digest, std::int64_t now, IngestStats* stats);

 private:
  std::expected<void, common::Error> IngestSections(
      const Host& host, const v1::Snapshot& snapshot, std::int64_t now,
      v1::SubmitResponse& response, IngestStats& stats);
  // The evidence record: the host's first report of the day, and its
  // control state when a section it derives from changed (or on that first
  // report, so hosts from before the record existed get one).
  std::expected<void, common::Error> RecordEvidence(
      const Host& host, const v1::Snapshot& snapshot, std::int64_t now,
      const IngestStats& stats);
  Store& store_;
};

}  // namespace surveyor::service
