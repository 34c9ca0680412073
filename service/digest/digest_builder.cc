#include "service/digest/digest_builder.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>

#include "service/findings/controls.h"
#include "service/findings/report.h"

namespace surveyor::digest {
namespace {

FindingLine Line(const v1::Finding& f) {
  FindingLine l{f.key(),
                f.kind(),
                f.severity(),
                f.title(),
                f.evidence().empty() ? std::string() : f.evidence(0),
                {},
                f.first_seen(),
                f.resolved_at()};
  for (const auto& h : f.hosts()) {
    if (std::find(l.hosts.begin(), l.hosts.end(), h.hostname()) ==
        l.hosts.end()) {
      l.hosts.push_back(h.hostname());
    }
  }
  return l;
}

// Most severe first, then the most hosts, then by key (stable output).
void Rank(std::vector<const v1::Finding*>& list) {
  std::sort(list.begin(), list.end(), [](const auto* a, const auto* b) {
    int ra = findings::SeverityRank(a->severity());
    int rb = findings::SeverityRank(b->severity());
    if (ra != rb) return ra < rb;
    if (a->hosts_size() != b->hosts_size()) {
      return a->hosts_size() > b->hosts_size();
    }
    return a->key() < b->key();
  });
}

std::int64_t OpenCount(const std::vector<v1::Finding>& findings,
                       std::int64_t at) {
  return std::count_if(findings.begin(), findings.end(),
                       [&](const auto& f) { return OpenAt(f, at); });
}

std::int64_t InService(const std::vector<service::Host>& hosts,
                       std::int64_t at) {
  return std::count_if(hosts.begin(), hosts.end(),
                       [&](const auto& h) { return InServiceAt(h, at); });
}

void CountHosts(const DigestInputs& in, Digest& d) {
  const auto [start, end] = in.window;
  for (const auto& h : in.hosts) {
    if (h.enrolled_at >= start && h.enrolled_at < end) {
      ++d.hosts.added;
      d.new_hosts.push_back({h.hostname, h.agent_id, h.os, h.enrolled_at});
    }
    if (h.retired_at >= start && h.retired_at < end) ++d.hosts.retired;
    if (!InServiceAt(h, end)) continue;
    ++d.hosts.in_service;
    if (h.last_seen > 0 && h.last_seen >= end - in.policy.stale_agent_s) {
      ++d.hosts.reporting;
    } else {
      ++d.hosts.silent;
      d.silent_hosts.push_back({h.hostname, h.agent_id, h.os, h.last_seen});
    }
  }
  auto by_name = [](const HostLine& a, const HostLine& b) {
    return a.hostname < b.hostname;
  };
  std::sort(d.new_hosts.begin(), d.new_hosts.end(), by_name);
  std::sort(d.silent_hosts.begin(), d.silent_hosts.end(),
            [](const HostLine& a, const HostLine& b) {
              return a.at != b.at ? a.at < b.at : a.hostname < b.hostname;
            });
}

void ScoreAndFindings(const DigestInputs& in, Digest& d) {
  const auto [start, end] = in.window;
  d.score = HealthScore(in.hosts, in.findings, in.policy.required, end);
  for (const auto& [week, window] : in.earlier) {
    d.trend.push_back({week, HealthScore(in.hosts, in.findings,
                                         in.policy.required, window.end)});
  }
  d.trend.push_back({in.week, d.score});
  for (const char* s : {"critical", "high", "medium", "low"}) {
    SeverityLine line{s, 0, 0};
    for (const auto& f : in.findings) {
      if (f.severity() != s) continue;
      line.open += OpenAt(f, end);
      line.open_before += OpenAt(f, start);
    }
    d.severities.push_back(line);
  }
  std::vector<const v1::Finding*> opened, resolved, open, overlap;
  for (const auto& f : in.findings) {
    if (f.first_seen() >= start && f.first_seen() < end) opened.push_back(&f);
    if (f.resolved_at() >= start && f.resolved_at() < end) {
      resolved.push_back(&f);
    }
    if (!OpenAt(f, end)) continue;
    open.push_back(&f);
    const std::string& k = f.kind();
    if (k == "overlap" || k == "shadow-it" || k == "saas-shadow-it" ||
        k == "extension-all-sites") {
      overlap.push_back(&f);
    }
  }
  for (auto* list : {&opened, &resolved, &open, &overlap}) Rank(*list);
  for (const auto* f : opened) d.opened.push_back(Line(*f));
  for (const auto* f : resolved) d.resolved.push_back(Line(*f));
  for (std::size_t i = 0; i < open.size() && i < kTopRisks; ++i) {
    d.top_risks.push_back(Line(*open[i]));
  }
  for (const auto* f : overlap) d.overlap_and_shadow_it.push_back(Line(*f));
}

// Per framework control: hosts in service at the end without an open gap of
// a required host control mapped to it.
void ControlCoverage(const DigestInputs& in, Digest& d) {
  const std::int64_t end = in.window.end;
  const std::int64_t population = InService(in.hosts, end);
  struct Failing {
    std::string title;
    std::set<std::string> hosts;
  };
  std::map<std::pair<std::string, std::string>, Failing> controls;
  // Every kind a required control can fail with, so passing controls show.
  static constexpr const char* kKinds[] = {
      "no-anti-malware",    "protection-disabled", "protection-not-working",
      "signatures-stale",   "no-backup",           "backup-stale",
      "disk-not-encrypted", "firewall-off",        "auto-updates-off",
      "agent-silent",       "collector-failing"};
  for (const char* kind : kKinds) {
    if (!in.policy.Requires(findings::HostControlOfKind(kind))) continue;
    for (const auto& ref : findings::ControlReferences(kind)) {
      auto& title = controls[{ref.framework(), ref.id()}].title;
      if (title.empty()) title = ref.title();
    }
  }
  std::set<std::string> alive;
  for (const auto& h : in.hosts) {
    if (InServiceAt(h, end)) alive.insert(h.agent_id);
  }
  for (const auto& f : in.findings) {
    if (!OpenAt(f, end)) continue;
    auto control = findings::HostControlOfKind(f.kind());
    if (control.empty() || !in.policy.Requires(control)) continue;
    for (const auto& ref : findings::ControlReferences(f.kind())) {
      auto& failing = controls[{ref.framework(), ref.id()}];
      for (const auto& h : f.hosts()) {
        if (alive.contains(h.agent_id())) failing.hosts.insert(h.agent_id());
      }
    }
  }
  for (const auto& [id, failing] : controls) {
    d.coverage.push_back(
        {id.first, id.second, failing.title,
         population - static_cast<std::int64_t>(failing.hosts.size()),
         population});
  }
}

void SoftwareChanges(const DigestInputs& in, const findings::Catalog& catalog,
                     Digest& d) {
  const auto& had = in.present_at_start;
  std::map<std::pair<std::string, std::string>, NewSoftware> fresh;
  std::map<std::string, ProductChange> products;
  std::map<std::string, std::set<std::string>> versions;
  std::map<std::string, std::array<std::set<std::string>, 3>> product_hosts;
  std::set<std::string> other_names, other_hosts;
  for (const auto& c : in.changes) {
    const v1::CatalogProduct* p = nullptr;
    if (auto src = findings::ParseMatchSource(c.source)) {
      p = catalog.Match(*src, c.name, c.publisher);
    }
    if (c.kind == "installed" && !had.contains({c.source, c.name})) {
      auto& n = fresh[{c.source, c.name}];
      n.source = c.source;
      n.name = c.name;
      if (p != nullptr) {
        n.product = p->name();
        n.category = p->category();
      }
      if (std::find(n.hosts.begin(), n.hosts.end(), c.hostname) ==
          n.hosts.end()) {
        n.hosts.push_back(c.hostname);
      }
    }
    const int kind = c.kind == "installed" ? 0 : c.kind == "removed" ? 1 : 2;
    if (p == nullptr) {
      other_names.insert(c.source + ":" + c.name);
      other_hosts.insert(c.agent_id);
      (kind == 0   ? d.uncatalogued.installed
       : kind == 1 ? d.uncatalogued.removed
                   : d.uncatalogued.upgraded) += 1;
      continue;
    }
    auto& pc = products[p->id()];
    pc.product = p->name();
    pc.category = p->category();
    product_hosts[p->id()][kind].insert(c.agent_id);
    if (!c.to_version.empty()) versions[p->id()].insert(c.to_version);
  }
  d.uncatalogued.packages = static_cast<std::int64_t>(other_names.size());
  d.uncatalogued.hosts = static_cast<std::int64_t>(other_hosts.size());
  for (auto& [id, pc] : products) {
    pc.installed = static_cast<std::int64_t>(product_hosts[id][0].size());
    pc.removed = static_cast<std::int64_t>(product_hosts[id][1].size());
    pc.upgraded = static_cast<std::int64_t>(product_hosts[id][2].size());
    pc.to_versions.assign(versions[id].begin(), versions[id].end());
    d.product_changes.push_back(std::move(pc));
  }
  std::sort(d.product_changes.begin(), d.product_changes.end(),
            [](const ProductChange& a, const ProductChange& b) {
              auto ta = a.installed + a.removed + a.upgraded;
              auto tb = b.installed + b.removed + b.upgraded;
              return ta != tb ? ta > tb : a.product < b.product;
            });
  for (auto& [key, n] : fresh) {
    std::sort(n.hosts.begin(), n.hosts.end());
    d.new_software.push_back(std::move(n));
  }
  // Catalogued first (the security-relevant ones), then by name.
  std::stable_sort(d.new_software.begin(), d.new_software.end(),
                   [](const NewSoftware& a, const NewSoftware& b) {
                     return !a.product.empty() && b.product.empty();
                   });
}

void Backups(const DigestInputs& in, Digest& d) {
  const std::int64_t end = in.window.end;
  for (const auto& [hostname, state] : in.backups) {
    for (const auto& job : state.jobs()) {
      BackupLine b{hostname, job.product(), job.job_id(),
                   job.has_last_success() ? job.last_success().seconds() : 0,
                   false};
      b.stale = b.last_success == 0 ||
                end - b.last_success > in.policy.backup_max_age_s;
      d.backups.push_back(std::move(b));
    }
  }
  std::sort(d.backups.begin(), d.backups.end(),
            [](const BackupLine& a, const BackupLine& b) {
              if (a.stale != b.stale) return a.stale;
              if (a.last_success != b.last_success) {
                return a.last_success < b.last_success;
              }
              return std::tie(a.hostname, a.job) < std::tie(b.hostname, b.job);
            });
}

void Baseline(const DigestInputs& in, Digest& d) {
  if (!in.baseline) {
    d.baseline.week = in.week;
    d.baseline.is_baseline = true;
    return;
  }
  const auto& [week, window] = *in.baseline;
  d.baseline.week = week;
  d.baseline.is_baseline = week >= in.week;
  d.baseline.hosts_then = InService(in.hosts, window.end);
  d.baseline.hosts_now = d.hosts.in_service;
  d.baseline.open_then = OpenCount(in.findings, window.end);
  d.baseline.open_now = OpenCount(in.findings, in.window.end);
  d.baseline.score_then =
      HealthScore(in.hosts, in.findings, in.policy.required, window.end);
  d.baseline.score_now = d.score;
}

}  // namespace

Digest BuildDigest(const DigestInputs& in, const findings::Catalog& catalog) {
  Digest d;
  d.tenant = in.tenant;
  d.time_zone = in.time_zone.empty() ? "UTC" : in.time_zone;
  d.week = in.week;
  d.window = in.window;
  d.first_day = in.first_day;
  d.last_day = in.last_day;
  d.generated_at = in.now;
  CountHosts(in, d);
  ScoreAndFindings(in, d);
  ControlCoverage(in, d);
  SoftwareChanges(in, catalog, d);
  Backups(in, d);
  d.saas_connected = in.saas.has_value();
  if (in.saas) d.saas = *in.saas;
  Baseline(in, d);
  return d;
}

}  // namespace surveyor::digest
