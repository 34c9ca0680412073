#include "service/findings/policy.h"

#include <algorithm>

#include "common/logging.h"
#include "common/textproto.h"
#include "service/digest/mime.h"
#include "service/digest/week.h"

namespace surveyor::findings {

using common::ErrorCode;
using common::Fail;

bool Policy::Sanctioned(const std::string& category,
                        const std::string& product) const {
  auto it = sanctioned.find(category);
  return it != sanctioned.end() && it->second.contains(product);
}

v1::TenantPolicy DefaultPolicy(const Catalog& catalog) {
  v1::TenantPolicy p;
  for (const auto& c : catalog.proto().categories()) {
    if (c.governed_by_default()) p.add_governed_categories(c.id());
  }
  for (std::string_view c : HostControls()) {
    p.add_required_controls(std::string(c));
  }
  return p;
}

std::expected<void, common::Error> ValidatePolicy(
    const v1::TenantPolicy& policy, const Catalog& catalog) {
  auto bad = [](const std::string& what) {
    return Fail(ErrorCode::kInvalidArgument, what);
  };
  for (const auto& s : policy.sanctioned()) {
    if (catalog.Category(s.category()) == nullptr) {
      return bad("sanctioned: unknown category '" + s.category() + "'");
    }
    for (const auto& id : s.products()) {
      const auto* p = catalog.Product(id);
      if (p == nullptr) {
        return bad("sanctioned: unknown product '" + id +
                   "' (see surveyor-server catalog match)");
      }
      if (p->category() != s.category()) {
        return bad("sanctioned: product '" + id + "' is in category '" +
                   p->category() + "', not '" + s.category() + "'");
      }
    }
  }
  if (policy.saas_inactive_days() > 3650) {
    return bad("saas_inactive_days: at most 3650");
  }
  const auto& digest = policy.digest();
  if (auto zone = digest::CheckTimeZone(digest.time_zone()); !zone) {
    return bad("digest.time_zone: " + zone.error().message);
  }
  if (digest.weekday() > 7) {
    return bad("digest.weekday: 1 (Monday) to 7 (Sunday)");
  }
  if (digest.hour() > 23) return bad("digest.hour: 0 to 23");
  for (const auto& r : digest.recipients()) {
    if (!digest::PlainAddress(r)) {
      return bad("digest.recipients: '" + common::Printable(r) +
                 "' is not a plain e-mail address (local@domain)");
    }
  }
  for (const auto& c : policy.governed_categories()) {
    if (catalog.Category(c) == nullptr) {
      return bad("governed_categories: unknown category '" + c + "'");
    }
  }
  for (const auto& c : policy.required_controls()) {
    auto host = HostControls();
    if (std::find(host.begin(), host.end(), c) == host.end()) {
      return bad("required_controls: unknown control '" + c + "'");
    }
  }
  return {};
}

std::expected<v1::TenantPolicy, common::Error> ParsePolicy(
    std::string_view text, std::string_view origin, const Catalog& catalog) {
  v1::TenantPolicy policy;
  SURVEYOR_TRY(common::ParseTextProto(text, origin, policy));
  if (auto ok = ValidatePolicy(policy, catalog); !ok) {
    return Fail(ok.error().code,
                std::string(origin) + ": " + ok.error().message);
  }
  return policy;
}

Policy Effective(const v1::TenantPolicy& given, const Catalog& catalog) {
  v1::TenantPolicy p = given;
  const v1::TenantPolicy defaults = DefaultPolicy(catalog);
  if (p.governed_categories().empty()) {
    *p.mutable_governed_categories() = defaults.governed_categories();
  }
  if (p.required_controls().empty()) {
    *p.mutable_required_controls() = defaults.required_controls();
  }
  Policy out;
  for (const auto& s : p.sanctioned()) {
    out.sanctioned[s.category()].insert(s.products().begin(),
                                        s.products().end());
  }
  out.governed.insert(p.governed_categories().begin(),
                      p.governed_categories().end());
  out.required.insert(p.required_controls().begin(),
                      p.required_controls().end());
  if (p.signature_max_age_hours()) {
    out.signature_max_age_s = std::int64_t{p.signature_max_age_hours()} * 3600;
  }
  if (p.backup_max_age_hours()) {
    out.backup_max_age_s = std::int64_t{p.backup_max_age_hours()} * 3600;
  }
  if (p.stale_agent_days()) {
    out.stale_agent_s = std::int64_t{p.stale_agent_days()} * 86400;
  }
  if (p.collector_failure_streak()) {
    out.failure_streak = p.collector_failure_streak();
  }
  if (p.saas_inactive_days()) out.saas_inactive_days = p.saas_inactive_days();
  return out;
}

}  // namespace surveyor::findings
