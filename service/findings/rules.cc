#include "service/findings/rules.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/printable.h"
#include "common/snapshot_delta.h"
#include "service/findings/controls.h"

namespace surveyor::findings {
namespace {

constexpr int kEvidenceHosts = 10;  // Hosts named per product in evidence.

std::string Days(std::int64_t seconds) {
  if (seconds < 2 * 86400) return std::to_string(seconds / 3600) + " h";
  return std::to_string(seconds / 86400) + " days";
}

v1::Finding Make(std::string key, std::string kind, std::string severity,
                 std::string title) {
  v1::Finding f;
  for (auto& ref : ControlReferences(kind)) *f.add_controls() = std::move(ref);
  f.set_key(std::move(key));
  f.set_kind(std::move(kind));
  f.set_severity(std::move(severity));
  f.set_title(std::move(title));
  return f;
}

void AddHost(v1::Finding& f, const service::Host& h) {
  auto* fh = f.add_hosts();
  fh->set_agent_id(h.agent_id);
  fh->set_hostname(h.hostname);
}

std::string ProductLabel(const v1::ProtectionProduct& p) {
  std::string s = p.product();
  if (!p.version().empty()) s += " " + p.version();
  return s;
}

std::string PackageLabel(const service::HostProduct& p) {
  std::string label =
      std::string(common::PackageSourceName(static_cast<int>(p.source))) + " " +
      p.package + " " + p.version;
  if (!p.package_state.empty()) {
    label += ", not fully installed: " + p.package_state;
  }
  return label;
}

void ProtectionFindings(const service::HostState& s,
                        const std::vector<service::HostProduct>& products,
                        const Policy& policy, std::int64_t now,
                        std::vector<v1::Finding>& out) {
  const service::Host& h = s.host;
  const std::string who = ":" + h.agent_id;
  std::vector<const service::HostProduct*> catalogued;  // anti-malware
  std::set<std::string> realtime;
  for (const auto& p : products) {
    if (p.category == "antivirus-edr") catalogued.push_back(&p);
    if (p.realtime_engine) realtime.insert(p.product);
  }
  if (realtime.size() > 1) {
    auto f = Make("protection-conflict" + who, "protection-conflict", "high",
                  h.hostname + ": " + std::to_string(realtime.size()) +
                      " real-time anti-malware engines on one host");
    AddHost(f, h);
    for (const auto& p : products) {
      if (!p.realtime_engine) continue;
      f.add_products(p.product);
      f.add_evidence(h.hostname + ": " + PackageLabel(p));
    }
    out.push_back(std::move(f));
  }
  if (!s.protection || !s.protection->has_protection() ||
      !policy.Requires("anti-malware")) {
    return;
  }
  const v1::ProtectionState& ps = s.protection->protection();
  std::vector<const v1::ProtectionProduct*> present;
  for (const auto& p : ps.products()) {
    if (p.present()) present.push_back(&p);
  }
  if (present.empty() && catalogued.empty()) {
    auto f = Make("no-anti-malware" + who, "no-anti-malware", "high",
                  h.hostname + ": no anti-malware product");
    AddHost(f, h);
    f.add_evidence(h.hostname +
                   ": protection collector found no anti-malware product and "
                   "no catalogued one is installed");
    out.push_back(std::move(f));
    return;
  }
  if (present.empty()) return;  // Installed, state unknown to the collector.
  bool any_active = std::any_of(present.begin(), present.end(), [](auto* p) {
    return p->running() != v1::TRI_STATE_NO &&
           p->realtime_protection() != v1::TRI_STATE_NO;
  });
  if (!any_active) {
    auto f = Make("protection-disabled" + who, "protection-disabled", "high",
                  h.hostname + ": anti-malware installed but not active");
    AddHost(f, h);
    for (auto* p : present) {
      f.add_evidence(
          h.hostname + ": " + ProductLabel(*p) +
          " running=" + (p->running() == v1::TRI_STATE_NO ? "no" : "unknown") +
          " real-time=" +
          (p->realtime_protection() == v1::TRI_STATE_NO ? "off" : "unknown"));
    }
    out.push_back(std::move(f));
  }
  // What a product says is wrong with itself: protection not working
  // (ClamAV without a signature database, definitions failing to update,
  // an unlicensed or degraded agent). "passive mode" is informational: a
  // passive engine alongside another active one is how Defender coexists,
  // and one that is the only engine is "protection-disabled" above.
  for (auto* p : present) {
    std::vector<std::string> issues;
    for (const auto& issue : p->issues()) {
      if (issue != "passive mode") issues.push_back(issue);
    }
    if (issues.empty()) continue;
    auto f = Make("protection-not-working" + who + ":" + p->product(),
                  "protection-not-working", "high",
                  h.hostname + ": " + ProductLabel(*p) +
                      " reports a problem with itself");
    AddHost(f, h);
    for (const auto& issue : issues) {
      f.add_evidence(h.hostname + ": " + ProductLabel(*p) + ": " + issue);
    }
    out.push_back(std::move(f));
  }
  std::vector<std::string> stale;
  bool any_fresh = false;
  for (auto* p : present) {
    if (!p->has_signature_time()) continue;
    std::int64_t age = now - p->signature_time().seconds();
    if (age > policy.signature_max_age_s) {
      stale.push_back(h.hostname + ": " + ProductLabel(*p) + " signatures " +
                      p->signature_version() + " are " + Days(age) + " old");
    } else {
      any_fresh = true;
    }
  }
  if (!stale.empty() && !any_fresh) {
    auto f = Make("signatures-stale" + who, "signatures-stale", "medium",
                  h.hostname + ": anti-malware signatures older than " +
                      Days(policy.signature_max_age_s));
    AddHost(f, h);
    for (auto& e : stale) f.add_evidence(std::move(e));
    out.push_back(std::move(f));
  }
}

void BackupFindings(const service::HostState& s,
                    const std::vector<service::HostProduct>& products,
                    const Policy& policy, std::int64_t now,
                    std::vector<v1::Finding>& out) {
  if (!s.backup || !s.backup->has_backup() || !policy.Requires("backup")) {
    return;
  }
  const service::Host& h = s.host;
  const std::string who = ":" + h.agent_id;
  const auto& jobs = s.backup->backup().jobs();
  if (jobs.empty()) {
    auto f = Make("no-backup" + who, "no-backup", "high",
                  h.hostname + ": no backup job found");
    AddHost(f, h);
    std::string installed;
    for (const auto& p : products) {
      if (p.category == "backup") installed += " " + p.package;
    }
    f.add_evidence(h.hostname + ": backup collector found no job" +
                   (installed.empty()
                        ? std::string()
                        : " (installed but not configured:" + installed + ")"));
    out.push_back(std::move(f));
    return;
  }
  std::vector<std::string> old;
  bool any_recent = false;
  for (const auto& j : jobs) {
    std::string label = j.product() + " " + j.job_id();
    if (!j.has_last_success()) {
      old.push_back(h.hostname + ": " + label + " never succeeded" +
                    (j.error().empty() ? "" : " (" + j.error() + ")"));
      continue;
    }
    std::int64_t age = now - j.last_success().seconds();
    if (age > policy.backup_max_age_s) {
      old.push_back(h.hostname + ": " + label + " last succeeded " + Days(age) +
                    " ago");
    } else {
      any_recent = true;
    }
  }
  if (!any_recent) {
    auto f = Make("backup-stale" + who, "backup-stale", "high",
                  h.hostname + ": no successful backup within " +
                      Days(policy.backup_max_age_s));
    AddHost(f, h);
    for (auto& e : old) f.add_evidence(std::move(e));
    out.push_back(std::move(f));
  }
}

void HostControlFindings(const service::HostState& s, const Policy& policy,
                         std::vector<v1::Finding>& out) {
  if (!s.protection || !s.protection->has_protection()) return;
  const service::Host& h = s.host;
  const std::string who = ":" + h.agent_id;
  const auto& ps = s.protection->protection();
  if (policy.Requires("disk-encryption") && ps.has_disk_encryption() &&
      ps.disk_encryption().encrypted() == v1::TRI_STATE_NO) {
    auto f = Make("disk-not-encrypted" + who, "disk-not-encrypted", "high",
                  h.hostname + ": system disk not encrypted");
    AddHost(f, h);
    f.add_evidence(h.hostname + ": system volume " +
                   (ps.disk_encryption().volume().empty()
                        ? std::string("/")
                        : ps.disk_encryption().volume()) +
                   " is not encrypted");
    out.push_back(std::move(f));
  }
  if (policy.Requires("firewall") && ps.has_firewall() &&
      ps.firewall().enabled() == v1::TRI_STATE_NO) {
    auto f = Make("firewall-off" + who, "firewall-off", "medium",
                  h.hostname + ": host firewall off");
    AddHost(f, h);
    f.add_evidence(h.hostname + ": " +
                   (ps.firewall().detail().empty() ? "no active firewall"
                                                   : ps.firewall().detail()));
    out.push_back(std::move(f));
  }
  if (policy.Requires("auto-updates") && ps.has_auto_updates() &&
      ps.auto_updates().enabled() == v1::TRI_STATE_NO) {
    auto f = Make("auto-updates-off" + who, "auto-updates-off", "medium",
                  h.hostname + ": automatic updates off");
    AddHost(f, h);
    f.add_evidence(h.hostname + ": " +
                   (ps.auto_updates().mechanism().empty()
                        ? std::string("automatic updates")
                        : ps.auto_updates().mechanism()) +
                   " not enabled");
    out.push_back(std::move(f));
  }
}

// "brave, user bob, profile Profile 1" for the variant "brave:bob:Profile 1".
std::string ExtensionPlace(std::string_view variant) {
  auto first = variant.find(':');
  auto second =
      variant.find(':', first == std::string_view::npos ? 0 : first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos) {
    return common::Printable(variant, 120);
  }
  return common::Printable(variant.substr(0, first), 40) + ", user " +
         common::Printable(variant.substr(first + 1, second - first - 1), 40) +
         ", profile " + common::Printable(variant.substr(second + 1), 60);
}

// Browser extensions that can read and change every site, unless their
// catalogued product is sanctioned in its category: one finding per
// extension on the host, naming each profile it is in.
void ExtensionFindings(const service::HostState& s, const Policy& policy,
                       const Catalog& catalog, std::vector<v1::Finding>& out) {
  const service::Host& h = s.host;
  std::map<std::string, std::vector<const service::AllSitesExtension*>> by_id;
  for (const auto& e : s.all_sites_extensions) by_id[e.id].push_back(&e);
  for (const auto& [id, where] : by_id) {
    const auto* product = catalog.Match(MatchSource::kBrowserExtension, id);
    if (product != nullptr &&
        policy.Sanctioned(product->category(), product->id())) {
      continue;
    }
    std::string name = product != nullptr ? product->name()
                       : where[0]->display_name.empty()
                           ? common::Printable(id, 80)
                           : common::Printable(where[0]->display_name, 80);
    auto f = Make("extension-all-sites:" + h.agent_id + ":" + id,
                  "extension-all-sites", "medium",
                  h.hostname + ": browser extension " + name +
                      " can read and change every site");
    if (product != nullptr) {
      f.set_category(product->category());
      f.add_products(product->id());
    }
    AddHost(f, h);
    for (const auto* e : where) {
      f.add_evidence(h.hostname + ": " + ExtensionPlace(e->variant) + ": " +
                     name + " " + common::Printable(e->version, 40) + " (" +
                     common::Printable(id, 80) + ")");
    }
    f.add_evidence(
        product != nullptr
            ? "accepted by sanctioning " + product->id() + " in category " +
                  product->category() + " (tenant policy)"
            : "not catalogued: give a catalog product its id "
              "(browser_extension_id) and sanction that product to accept it");
    out.push_back(std::move(f));
  }
}

}  // namespace

std::string HostScope(std::int64_t host_id) {
  return "host:" + std::to_string(host_id);
}

std::string CategoryScope(std::string_view category) {
  return "category:" + std::string(category);
}

std::vector<v1::Finding> HostFindings(
    const service::HostState& state,
    const std::vector<service::HostProduct>& products, const Policy& policy,
    const Catalog& catalog, std::int64_t now) {
  std::vector<v1::Finding> out;
  const service::Host& h = state.host;
  // A decommissioned machine: its history stays for evidence, its gaps and
  // silence are no longer anyone's problem.
  if (h.retired_at > 0) return out;
  if (!h.conflicts_with.empty()) {
    auto f =
        Make("duplicate-identity:" + h.agent_id, "duplicate-identity", "high",
             h.hostname + ": enrolled with the machine id of agent " +
                 h.conflicts_with + " without its identity key");
    AddHost(f, h);
    f.add_evidence(
        "machine id " + h.machine_id + " belongs to agent " + h.conflicts_with +
        "; agent " + h.agent_id +
        " proved a different key (a cloned or reinstalled machine, or "
        "someone using the tenant's enrollment secret)");
    f.add_evidence("surveyor-server host accept|reject --tenant " + h.tenant +
                   " " + h.agent_id);
    out.push_back(std::move(f));
  }
  if (policy.Requires("agent-reporting") && h.last_seen > 0 &&
      now - h.last_seen > policy.stale_agent_s) {
    auto f = Make("agent-silent:" + h.agent_id, "agent-silent", "medium",
                  h.hostname + ": agent silent for " + Days(now - h.last_seen));
    AddHost(f, h);
    f.add_evidence(h.hostname + ": last snapshot " + Days(now - h.last_seen) +
                   " ago (threshold " + Days(policy.stale_agent_s) + ")");
    out.push_back(std::move(f));
  }
  if (policy.Requires("collector-health")) {
    for (const auto& [collector, fail] : state.failing) {
      if (fail.first < policy.failure_streak) continue;
      auto f = Make("collector-failing:" + h.agent_id + ":" + collector,
                    "collector-failing", "low",
                    h.hostname + ": collector '" + collector + "' failing");
      AddHost(f, h);
      f.add_evidence(h.hostname + ": " + collector + " reported errors in " +
                     std::to_string(fail.first) + " snapshots in a row" +
                     (fail.second.empty() ? "" : ": " + fail.second));
      out.push_back(std::move(f));
    }
  }
  ProtectionFindings(state, products, policy, now, out);
  BackupFindings(state, products, policy, now, out);
  HostControlFindings(state, policy, out);
  ExtensionFindings(state, policy, catalog, out);
  return out;
}

bool CategoryMatters(std::string_view category, const Policy& policy,
                     const Catalog& catalog) {
  const auto* c = catalog.Category(category);
  if (c == nullptr) return false;
  return c->overlap() || policy.governed.contains(std::string(category));
}

std::vector<v1::Finding> CategoryFindings(
    std::string_view category, const std::vector<CategoryProduct>& products,
    const Policy& policy, const Catalog& catalog) {
  std::vector<v1::Finding> out;
  const auto* cat = catalog.Category(category);
  if (cat == nullptr) return out;
  std::vector<const CategoryProduct*> present;
  for (const auto& p : products) {
    if (p.hosts > 0) present.push_back(&p);
  }
  std::sort(present.begin(), present.end(), [](auto* a, auto* b) {
    return a->hosts != b->hosts ? a->hosts > b->hosts : a->product < b->product;
  });
  auto name_of = [&](const std::string& id) {
    const auto* p = catalog.Product(id);
    return p ? p->name() : id;
  };
  auto describe = [&](v1::Finding& f, const CategoryProduct& p) {
    f.add_products(p.product);
    std::string hosts;
    std::set<std::string> listed;
    for (const auto& s : p.sample) {
      if (listed.size() >= static_cast<std::size_t>(kEvidenceHosts)) break;
      if (!listed.insert(s.agent_id).second) continue;
      auto* fh = f.add_hosts();
      fh->set_agent_id(s.agent_id);
      fh->set_hostname(s.hostname);
      hosts += (hosts.empty() ? "" : ", ") + s.hostname + " (" +
               PackageLabel(s) + ")";
    }
    if (p.hosts > static_cast<std::int64_t>(listed.size())) {
      hosts += ", ...";
    }
    f.add_evidence(name_of(p.product) + ": " + std::to_string(p.hosts) +
                   (p.hosts == 1 ? " host: " : " hosts: ") + hosts);
  };
  const std::string cat_id(category);
  if (cat->overlap() && present.size() > 1) {
    std::string names;
    for (auto* p : present) {
      names += (names.empty() ? "" : ", ") + name_of(p->product);
    }
    std::string severity =
        cat->high_risk() || category == "antivirus-edr" ? "medium" : "low";
    auto f = Make("overlap:" + cat_id, "overlap", severity,
                  std::to_string(present.size()) + " " + cat->name() +
                      " products: " + names);
    f.set_category(cat_id);
    for (auto* p : present) describe(f, *p);
    out.push_back(std::move(f));
  }
  if (policy.governed.contains(cat_id)) {
    for (auto* p : present) {
      if (policy.Sanctioned(cat_id, p->product)) continue;
      auto f = Make("shadow-it:" + p->product, "shadow-it",
                    cat->high_risk() ? "high" : "medium",
                    name_of(p->product) + " (" + cat->name() +
                        ") is not sanctioned, on " + std::to_string(p->hosts) +
                        (p->hosts == 1 ? " host" : " hosts"));
      f.set_category(cat_id);
      describe(f, *p);
      out.push_back(std::move(f));
    }
  }
  return out;
}

std::vector<v1::Finding> SaasFindings(const service::SaasAnalysis& analysis,
                                      std::int64_t inactive_days) {
  constexpr std::size_t kNamed = 10;  // people named in the evidence
  std::vector<v1::Finding> out;
  for (const auto& s : analysis.subscriptions) {
    if (s.wasted() == 0) continue;
    const std::string label =
        s.vendor + " " + (s.sku_name.empty() ? s.sku_id : s.sku_name);
    v1::Finding f = Make("licence-waste:" + s.vendor + ":" + s.sku_id,
                         "licence-waste", s.disabled.empty() ? "low" : "medium",
                         label + ": " + std::to_string(s.wasted()) + " of " +
                             std::to_string(std::max(s.purchased, s.assigned)) +
                             " seats wasted");
    f.set_category("saas");
    if (s.unassigned) {
      f.add_evidence(std::to_string(s.unassigned) + " purchased, not assigned");
    }
    auto name = [&](const std::vector<service::SeatHolder>& holders,
                    const std::string& why) {
      for (std::size_t i = 0; i < holders.size() && i < kNamed; ++i) {
        f.add_evidence(why + ": " + holders[i].email);
      }
      if (holders.size() > kNamed) {
        f.add_evidence(why + ": " + std::to_string(holders.size() - kNamed) +
                       " more");
      }
    };
    name(s.disabled, "held by a disabled account");
    name(s.inactive,
         "no sign-in for over " + std::to_string(inactive_days) + " days");
    if (auto cost = s.waste_cents_month()) {
      f.add_evidence(
          "monthly cost of the wasted seats: " + service::FormatAmount(*cost) +
          " " + s.terms.currency + " (" + s.terms.price_source + ")");
    }
    out.push_back(std::move(f));
  }
  for (const auto& s : analysis.subscriptions) {
    if (!s.renewal_due) continue;
    const std::string label =
        s.vendor + " " + (s.sku_name.empty() ? s.sku_id : s.sku_name);
    std::string title = label + " renews on " + s.terms.renewal_date;
    if (s.wasted() > 0) {
      title += " with " + std::to_string(s.wasted()) + " seats wasted";
    }
    v1::Finding f =
        Make("saas-renewal:" + s.vendor + ":" + s.sku_id, "saas-renewal",
             s.wasted() > 0 ? "medium" : "low", title);
    f.set_category("saas");
    f.add_evidence("notice period: " + std::to_string(s.terms.notice_days) +
                   " days before " + s.terms.renewal_date);
    if (s.purchased) {
      f.add_evidence(std::to_string(s.purchased) + " seats bought, " +
                     std::to_string(s.assigned) + " assigned");
    }
    if (s.wasted() > 0) {
      f.add_evidence(std::to_string(s.wasted()) +
                     " seats wasted: reduce them at this renewal");
    }
    if (auto cost = s.waste_cents_month()) {
      f.add_evidence("monthly cost of the wasted seats: " +
                     service::FormatAmount(*cost) + " " + s.terms.currency);
    }
    out.push_back(std::move(f));
  }
  for (const auto& g : analysis.gaps) {
    std::string where;
    for (const auto& v : g.still_active)
      where += (where.empty() ? "" : ", ") + v;
    v1::Finding f =
        Make("offboarding-gap:" + g.email, "offboarding-gap", "high",
             g.email + " is disabled in " + g.disabled_in +
                 " but still active in " + where);
    f.set_category("saas");
    f.add_evidence("disabled in " + g.disabled_in);
    for (const auto& v : g.still_active) f.add_evidence("enabled in " + v);
    out.push_back(std::move(f));
  }
  for (const auto& o : analysis.overlaps) {
    std::string vendors;
    for (const auto& [vendor, seats] : o.vendors) {
      vendors += (vendors.empty() ? "" : ", ") + vendor + " (" +
                 std::to_string(seats) + " seats)";
    }
    v1::Finding f =
        Make("saas-overlap:" + o.category, "overlap", "low",
             o.category + " paid at " + std::to_string(o.vendors.size()) +
                 " SaaS vendors: " + vendors);
    f.set_category("saas");
    for (const auto& [vendor, seats] : o.vendors) {
      f.add_evidence(vendor + ": " + std::to_string(seats) + " seats assigned");
    }
    out.push_back(std::move(f));
  }
  for (const auto& u : analysis.unconnected) {
    std::int64_t hosts = 0;
    for (const auto& c : u.clients) hosts = std::max(hosts, c.hosts);
    v1::Finding f =
        Make("saas-unconnected:" + u.vendor, "saas-shadow-it", "medium",
             u.vendor + ": desktop clients on " + std::to_string(hosts) +
                 (hosts == 1 ? " host" : " hosts") +
                 ", no SaaS connector reads its licences");
    f.set_category("saas");
    for (const auto& c : u.clients) {
      std::string where;
      for (const auto& h : c.sample_hosts) {
        where += (where.empty() ? "" : ", ") + h;
      }
      if (c.hosts > static_cast<std::int64_t>(c.sample_hosts.size())) {
        where += " and " +
                 std::to_string(c.hosts - static_cast<std::int64_t>(
                                              c.sample_hosts.size())) +
                 " more";
      }
      f.add_evidence(c.product_name + " installed on " + where);
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace surveyor::findings
