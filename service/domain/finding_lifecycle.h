// The finding lifecycle, decided without a database: given the findings a
// scope ("host:<id>", "category:<id>") holds and the findings the rules say
// are true now, which to open, which keep their identity and are updated,
// which reopen (resolved before, true again), and which resolve.
// A finding's identity is its key; first seen, resolved at and the reopen
// count belong to the stored row, never to the detail.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "service/store/rows.h"
#include "surveyor/v1/findings.pb.h"

namespace surveyor::service {

struct FindingPlan {
  std::vector<v1::Finding> open;  // New keys.
  // (row id, detail): still true; `reopen` ones had been resolved.
  std::vector<std::pair<std::int64_t, v1::Finding>> update;
  std::vector<std::pair<std::int64_t, v1::Finding>> reopen;
  std::vector<std::int64_t> resolve;  // Open rows no longer true.
  FindingsDelta delta;
};

// `current` may repeat a key; the first one counts.
FindingPlan PlanFindings(const std::vector<FindingRow>& existing,
                         const std::vector<v1::Finding>& current);

// The finding as stored: without its lifecycle fields.
v1::Finding FindingDetail(const v1::Finding& f);

}  // namespace surveyor::service
