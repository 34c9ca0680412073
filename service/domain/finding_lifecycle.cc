#include "service/domain/finding_lifecycle.h"

#include <map>
#include <set>
#include <string>

namespace surveyor::service {

v1::Finding FindingDetail(const v1::Finding& f) {
  v1::Finding detail = f;
  detail.clear_first_seen();
  detail.clear_last_seen();
  detail.clear_resolved_at();
  detail.clear_reopened();
  return detail;
}

FindingPlan PlanFindings(const std::vector<FindingRow>& existing,
                         const std::vector<v1::Finding>& current) {
  std::map<std::string, const FindingRow*> by_key;
  for (const auto& row : existing) by_key[row.key] = &row;
  FindingPlan plan;
  std::set<std::string> seen;
  for (const v1::Finding& f : current) {
    if (!seen.insert(f.key()).second) continue;
    auto it = by_key.find(f.key());
    if (it == by_key.end()) {
      plan.open.push_back(FindingDetail(f));
      ++plan.delta.opened;
    } else if (it->second->resolved) {
      plan.reopen.emplace_back(it->second->id, FindingDetail(f));
      ++plan.delta.reopened;
    } else {
      plan.update.emplace_back(it->second->id, FindingDetail(f));
      ++plan.delta.updated;
    }
  }
  for (const auto& row : existing) {
    if (row.resolved || seen.contains(row.key)) continue;
    plan.resolve.push_back(row.id);
    ++plan.delta.resolved;
  }
  return plan;
}

}  // namespace surveyor::service
