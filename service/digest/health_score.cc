#include "service/digest/health_score.h"

#include <utility>

#include "service/findings/controls.h"

namespace surveyor::digest {

bool InServiceAt(const service::Host& host, std::int64_t t) {
  return host.enrolled_at < t && (host.retired_at == 0 || host.retired_at >= t);
}

bool OpenAt(const v1::Finding& finding, std::int64_t t) {
  return finding.first_seen() < t &&
         (finding.resolved_at() == 0 || finding.resolved_at() >= t);
}

std::optional<int> HealthScore(const std::vector<service::Host>& hosts,
                               const std::vector<v1::Finding>& findings,
                               const std::set<std::string>& required_controls,
                               std::int64_t at) {
  std::set<std::string> population;
  for (const auto& h : hosts) {
    if (InServiceAt(h, at)) population.insert(h.agent_id);
  }
  if (population.empty() || required_controls.empty()) return std::nullopt;
  std::set<std::pair<std::string, std::string>> failing;  // agent, control
  for (const auto& f : findings) {
    if (!OpenAt(f, at)) continue;
    std::string control(findings::HostControlOfKind(f.kind()));
    if (control.empty() || !required_controls.contains(control)) continue;
    for (const auto& h : f.hosts()) {
      if (population.contains(h.agent_id())) {
        failing.emplace(h.agent_id(), control);
      }
    }
  }
  const auto pairs =
      static_cast<std::int64_t>(population.size() * required_controls.size());
  const auto passing = pairs - static_cast<std::int64_t>(failing.size());
  return static_cast<int>((200 * passing + pairs) / (2 * pairs));
}

std::string_view ScoreBand(int score) {
  if (score >= 95) return "Excellent";
  if (score >= 90) return "Good";
  if (score >= 80) return "Fair";
  if (score >= 50) return "Poor";
  return "Failing";
}

}  // namespace surveyor::digest
