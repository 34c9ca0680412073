#include "service/domain/change_pairing.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "common/snapshot_delta.h"
#include "service/store/software_keys.h"

namespace surveyor::service {

std::vector<Change> PairChanges(const std::vector<HistoryRow>& rows,
                                std::int64_t since, std::int64_t until) {
  using Key = std::tuple<std::string, std::int64_t, std::string, std::string,
                         std::string, std::int64_t>;
  std::map<Key, Change> removed, installed;
  for (const HistoryRow& r : rows) {
    std::string source(
        common::PackageSourceName(static_cast<int>(r.key.source)));
    const std::string publisher(WindowsPublisher(r.key));
    if (!r.initial && r.first_seen >= since && r.first_seen < until) {
      installed[{r.agent_id, r.key.source, r.key.name, r.key.arch,
                 r.key.variant, r.first_seen}] = Change{
          r.agent_id, r.hostname, "installed",   source,       r.key.name,
          r.key.arch, "",         r.key.version, r.first_seen, publisher};
    }
    if (r.removed_at && *r.removed_at >= since && *r.removed_at < until) {
      removed[{r.agent_id, r.key.source, r.key.name, r.key.arch, r.key.variant,
               *r.removed_at}] = Change{
          r.agent_id, r.hostname,    "removed", source,        r.key.name,
          r.key.arch, r.key.version, "",        *r.removed_at, publisher};
    }
  }
  std::vector<Change> out;
  for (auto& [key, change] : installed) {
    auto r = removed.find(key);
    if (r != removed.end()) {
      change.kind = "upgraded";
      change.from_version = r->second.from_version;
      removed.erase(r);
    }
    out.push_back(std::move(change));
  }
  for (auto& [key, change] : removed) out.push_back(std::move(change));
  std::sort(out.begin(), out.end(), [](const Change& a, const Change& b) {
    return std::tie(a.at, a.hostname, a.name) <
           std::tie(b.at, b.hostname, b.name);
  });
  return out;
}

}  // namespace surveyor::service
