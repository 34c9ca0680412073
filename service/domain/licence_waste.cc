#include "service/domain/licence_waste.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

namespace surveyor::service {
namespace {

// Vendors whose disabled accounts mean "this person has left".
bool IdentityProvider(const std::string& vendor) {
  return vendor == "microsoft365" || vendor == "google-workspace" ||
         vendor == "okta";
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

SaasAnalysis AnalyseSaas(const std::vector<v1::SaasLicenses>& sections,
                         const WasteOptions& options,
                         const std::vector<SaasClientInstall>& installs) {
  SaasAnalysis out;
  out.inactive_days = options.inactive_days;
  std::map<std::pair<std::string, std::string>, SubscriptionWaste> subs;
  std::map<std::pair<std::string, std::string>, const v1::SaasUser*> people;
  for (const auto& section : sections) {
    for (const auto& c : section.connectors()) out.connectors.push_back(c);
    for (const auto& s : section.subscriptions()) {
      auto& w = subs[{s.vendor(), s.sku_id()}];
      w.vendor = s.vendor();
      w.sku_id = s.sku_id();
      w.sku_name = s.sku_name();
      w.status = s.status();
      w.purchased = s.purchased();
      w.assigned = s.assigned();
    }
    for (const auto& u : section.users())
      people[{u.vendor(), u.user_id()}] = &u;
  }
  const std::int64_t cutoff = options.now - options.inactive_days * 86400;
  std::map<std::pair<std::string, std::string>, std::uint32_t> active;
  std::set<std::pair<std::string, std::string>> activity_known;
  for (const auto& [key, u] : people) {
    for (const auto& sku : u->sku_ids()) {
      auto it = subs.find({u->vendor(), sku});
      if (it == subs.end()) continue;
      SeatHolder holder{u->vendor(), u->user_id(), u->email(), std::nullopt};
      const auto& only = u->activity_sku_ids();
      if (u->has_last_active() &&
          (only.empty() ||
           std::find(only.begin(), only.end(), sku) != only.end())) {
        holder.last_active = u->last_active().seconds();
      }
      if (!u->enabled()) {
        it->second.disabled.push_back(holder);
      } else if (holder.last_active) {
        activity_known.insert(it->first);
        // Provisioned within the threshold: too new to call inactive.
        const bool recent =
            u->has_created_at() && u->created_at().seconds() >= cutoff;
        if (*holder.last_active < cutoff && !recent) {
          it->second.inactive.push_back(holder);
        } else {
          ++active[it->first];
        }
      }
    }
  }
  for (auto& [key, w] : subs) {
    w.terms = TermsFor(w.vendor, w.sku_id, w.sku_name, options.contracts,
                       options.prices);
    if (w.purchased > 0) {
      w.purchased_from = "api";
    } else if (w.terms.purchased > 0) {
      w.purchased = w.terms.purchased;
      w.purchased_from = "contract";
    }
    if (w.terms.renewal_at) {
      const std::int64_t notice_from =
          *w.terms.renewal_at - std::int64_t{w.terms.notice_days} * 86400;
      w.renewal_due = options.now >= notice_from &&
                      options.now < *w.terms.renewal_at + 86400;
    }
    if (w.purchased > w.assigned) w.unassigned = w.purchased - w.assigned;
    if (activity_known.contains(key)) w.active = active[key];
    out.subscriptions.push_back(std::move(w));
  }
  // Offboarding: disabled at an identity provider, enabled elsewhere.
  std::map<std::string, std::set<std::string>> enabled_at;
  for (const auto& [key, u] : people) {
    if (u->enabled() && !u->email().empty()) {
      enabled_at[Lower(u->email())].insert(u->vendor());
    }
  }
  std::map<std::string, OffboardingGap> gaps;
  for (const auto& [key, u] : people) {
    if (u->enabled() || !IdentityProvider(u->vendor()) || u->email().empty()) {
      continue;
    }
    auto it = enabled_at.find(Lower(u->email()));
    if (it == enabled_at.end()) continue;
    std::vector<std::string> elsewhere;
    for (const auto& v : it->second) {
      if (v != u->vendor()) elsewhere.push_back(v);
    }
    if (elsewhere.empty()) continue;
    gaps[Lower(u->email())] =
        OffboardingGap{Lower(u->email()), u->vendor(), std::move(elsewhere)};
  }
  for (auto& [email, gap] : gaps) out.gaps.push_back(std::move(gap));

  if (options.vendor_categories != nullptr) {
    std::map<std::string, std::uint32_t> seats;  // vendor -> assigned
    for (const auto& s : out.subscriptions) seats[s.vendor] += s.assigned;
    std::map<std::string, PaidOverlap> by_category;
    for (const auto& [vendor, n] : seats) {
      if (n == 0) continue;
      auto it = options.vendor_categories->find(vendor);
      if (it == options.vendor_categories->end()) continue;
      for (const auto& category : it->second) {
        auto& o = by_category[category];
        o.category = category;
        o.vendors.emplace_back(vendor, n);
      }
    }
    for (auto& [category, o] : by_category) {
      if (o.vendors.size() > 1) out.overlaps.push_back(std::move(o));
    }
  }
  if (!out.connectors.empty()) {
    std::set<std::string> connected;
    for (const auto& c : out.connectors) connected.insert(c.vendor());
    std::map<std::string, UnconnectedVendor> unconnected;
    for (const auto& install : installs) {
      if (install.hosts <= 0 || connected.contains(install.vendor)) continue;
      auto& u = unconnected[install.vendor];
      u.vendor = install.vendor;
      u.clients.push_back(install);
    }
    for (auto& [vendor, u] : unconnected) {
      std::sort(
          u.clients.begin(), u.clients.end(),
          [](const auto& a, const auto& b) { return a.product < b.product; });
      out.unconnected.push_back(std::move(u));
    }
  }
  return out;
}

}  // namespace surveyor::service
