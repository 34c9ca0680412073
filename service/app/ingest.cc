#include "service/app/ingest.h"

#include <algorithm>

#include "service/domain/ingest_plan.h"
#include "service/domain/snapshot_check.h"
#include "service/evidence/control_state.h"
#include "service/evidence/days.h"

namespace surveyor::service {
namespace {

using common::Error;
using common::ErrorCode;
using common::Fail;

std::string OsText(const v1::Snapshot& s) {
  for (const auto& sec : s.sections()) {
    if (sec.has_host()) {
      const auto& os = sec.host().os();
      return os.pretty_name().empty() ? os.name() : os.pretty_name();
    }
  }
  return {};
}

void Count(const KeyChanges& changes, IngestStats& stats) {
  stats.packages_added += changes.added.size();
  stats.packages_removed += changes.removed.size();
  stats.software_added.insert(stats.software_added.end(), changes.added.begin(),
                              changes.added.end());
  stats.software_removed.insert(stats.software_removed.end(),
                                changes.removed.begin(), changes.removed.end());
}

}  // namespace

std::expected<void, Error> Ingestor::IngestSections(
    const Host& host, const v1::Snapshot& snapshot, std::int64_t now,
    v1::SubmitResponse& response, IngestStats& stats) {
  for (const v1::Section& in : snapshot.sections()) {
    if (auto bad = CheckSection(in)) {
      return Fail(ErrorCode::kInvalidArgument, bad->message);
    }
    SURVEYOR_ASSIGN_OR_RETURN(auto stored,
                              store_.LoadSection(host.id, in.collector()));
    SectionPlan plan = PlanSection(stored, in);
    if (plan.resend_full) {
      response.add_resend_full(in.collector());
      continue;
    }
    std::optional<KeyChanges> changes = std::move(plan.delta_changes);
    if (plan.full_keys) {
      std::vector<SoftwareKey> before;
      if (!plan.initial) {
        SURVEYOR_ASSIGN_OR_RETURN(before, store_.CurrentKeys(host.id));
      }
      changes = DiffKeys(before, *plan.full_keys);
      changes->details = std::move(plan.full_details);
    }
    if (changes) {
      SURVEYOR_TRY(
          store_.ApplySoftwareChanges(host.id, *changes, plan.initial, now));
      Count(*changes, stats);
    }
    if (plan.touched) {
      stats.touched_collectors.push_back(in.collector());
      if (plan.error_related) stats.error_collectors.push_back(in.collector());
    }
    SURVEYOR_TRY(store_.PutSection(host.id, plan.next, now));
  }
  return {};
}

std::expected<void, Error> Ingestor::RecordEvidence(
    const Host& host, const v1::Snapshot& snapshot, std::int64_t now,
    const IngestStats& stats) {
  const std::int64_t day = evidence::DayOf(now);
  const bool first_today =
      host.last_seen == 0 || evidence::DayOf(host.last_seen) != day;
  if (first_today) {
    const std::int64_t skew = snapshot.has_collected_at()
                                  ? now - snapshot.collected_at().seconds()
                                  : 0;
    SURVEYOR_TRY(store_.MarkReportDay(host.id, day, now, skew));
  }
  // The state reads the protection and backup sections, and of the
  // software only whether there is one: a package upgrade changes nothing
  // here (a first software section later in a day is seen the next day).
  const auto& touched = stats.touched_collectors;
  const bool changed = std::any_of(touched.begin(), touched.end(), [](auto& c) {
    return c == "protection" || c == "backup";
  });
  if (!first_today && !changed) return {};
  SURVEYOR_ASSIGN_OR_RETURN(auto protection,
                            store_.LoadSection(host.id, "protection"));
  SURVEYOR_ASSIGN_OR_RETURN(auto backup, store_.LoadSection(host.id, "backup"));
  SURVEYOR_ASSIGN_OR_RETURN(auto software,
                            store_.LoadSection(host.id, "software"));
  auto section = [](const std::optional<StoredSection>& s) {
    return s ? std::optional<v1::Section>(s->section) : std::nullopt;
  };
  const std::string state =
      evidence::ControlStateOf(section(protection), section(backup),
                               software.has_value())
          .SerializeAsString();
  SURVEYOR_ASSIGN_OR_RETURN(auto latest, store_.LatestControlState(host.id));
  if (latest && *latest == state) return {};
  return store_.AddControlState(host.id, now, state);
}

std::expected<v1::SubmitResponse, Error> Ingestor::Ingest(
    const Host& host, const v1::Snapshot& snapshot, std::size_t wire_bytes,
    const std::string& digest, std::int64_t now, IngestStats* stats) {
  if (auto bad = CheckSnapshot(snapshot)) {
    return Fail(ErrorCode::kInvalidArgument, *bad);
  }
  if (!snapshot.host().machine_id().empty() &&
      snapshot.host().machine_id() != host.machine_id) {
    return Fail(ErrorCode::kPermissionDenied,
                "snapshot is for another machine than this node key's");
  }
  v1::SubmitResponse response;
  response.set_acknowledged_sequence(snapshot.sequence());
  IngestStats local;
  SURVEYOR_TRY(store_.InTransaction([&]() -> std::expected<void, Error> {
    // One snapshot of a host at a time, whichever server receives it: the
    // duplicate check and the delta base are then read after the other
    // snapshot committed.
    SURVEYOR_TRY(store_.LockUntilCommit(LockScope::kHost, host.id));
    SURVEYOR_ASSIGN_OR_RETURN(
        auto seen, store_.SnapshotDigest(host.id, snapshot.sequence()));
    if (seen) {
      // Snapshots stored before digests were kept match any retry.
      if (seen->empty() || *seen == digest) {
        response.set_duplicate(true);  // Acknowledge again, change nothing.
        return {};
      }
      SURVEYOR_ASSIGN_OR_RETURN(auto now_host, store_.HostById(host.id));
      response.set_acknowledged_sequence(0);
      response.set_sequence_conflict(true);
      response.set_next_sequence(
          (now_host ? now_host->last_sequence : host.last_sequence) + 1);
      return {};
    }
    if (snapshot.sequence() < static_cast<std::uint64_t>(host.last_sequence)) {
      // Older than the host's latest and without a record: a snapshot
      // ingested so long ago that retention pruned its record. Applying it
      // now would roll the inventory back.
      response.set_duplicate(true);
      return {};
    }
    SURVEYOR_TRY(IngestSections(host, snapshot, now, response, local));
    SURVEYOR_TRY(RecordEvidence(host, snapshot, now, local));
    SURVEYOR_TRY(store_.RecordSnapshot(host.id, snapshot.sequence(), now,
                                       wire_bytes, snapshot.outbox_evicted(),
                                       digest));
    return store_.TouchHost(host.id, now, snapshot.sequence(),
                            snapshot.host().hostname(), OsText(snapshot));
  }));
  if (stats != nullptr) *stats = std::move(local);
  return response;
}

}  // namespace surveyor::service
