// Ingest planning: what to do with one incoming section given what the
// store holds for it. Pure (no I/O), so every branch has a table test.
//
//   unchanged (hash only)   -> keep the stored payload with the new errors
//                              and times, or resend_full when the hash is not
//                              the stored one
//   software delta          -> verify it against the stored multiset digest;
//                              resend_full on any mismatch
//   full software           -> new digest; the history is diffed against the
//                              host's current keys when the content changed
//   any other section       -> stored as sent, hashed canonically
//
// It also counts the error streak and says whether the findings engine must
// look at the collector again.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/store/rows.h"
#include "service/store/software_keys.h"
#include "surveyor/v1/snapshot.pb.h"

namespace surveyor::service {

struct SectionPlan {
  // Ask the agent for the full section; nothing is stored for it.
  bool resend_full = false;
  // What the sections row becomes.
  StoredSection next;
  // History changes a verified delta implies.
  std::optional<KeyChanges> delta_changes;
  // A changed full software section: the complete installed set, to be
  // diffed against the host's current keys (DiffKeys) by the caller.
  std::optional<std::vector<SoftwareKey>> full_keys;
  // With full_keys: the packages' details, for the keys the diff adds.
  std::map<SoftwareKey, PackageDetails> full_details;
  // Whether this is the first section of its collector for the host.
  bool initial = false;
  // The payload changed, or errors were reported now or last time.
  bool touched = false;
  // Errors were reported now or last time.
  bool error_related = false;
};

// Why a section cannot be ingested at all (the whole snapshot is refused as
// invalid), or nullopt.
struct PlanError {
  std::string message;
};
std::optional<PlanError> CheckSection(const v1::Section& in);

// `stored` is the host's current row for in.collector(), if any.
SectionPlan PlanSection(const std::optional<StoredSection>& stored,
                        const v1::Section& in);

}  // namespace surveyor::service
