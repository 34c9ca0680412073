// Tenant policy: parsing and validation against the catalog, the defaults,
// and the effective values the rules read. Pure; thread-safe.
#pragma once

#include <chrono>
#include <expected>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "common/error.h"
#include "service/findings/catalog.h"
#include "surveyor/v1/findings.pb.h"

namespace surveyor::findings {

struct Policy {
  std::map<std::string, std::set<std::string>> sanctioned;  // category -> ids
  std::set<std::string> governed;                           // categories
  std::int64_t signature_max_age_s = 72 * 3600;
  std::int64_t backup_max_age_s = 48 * 3600;
  std::int64_t stale_agent_s = 7 * 86400;
  std::int64_t failure_streak = 3;
  std::int64_t saas_inactive_days = 60;
  std::set<std::string> required;  // control ids

  bool Requires(std::string_view control) const {
    return required.contains(std::string(control));
  }
  bool Sanctioned(const std::string& category,
                  const std::string& product) const;
};

// The policy of a tenant that has none: governed categories from the
// catalog (remote access, RMM, file sharing), every control required.
v1::TenantPolicy DefaultPolicy(const Catalog& catalog);

// Parses a policy file's text and checks it against the catalog: every
// category and product exists, products are sanctioned in their own
// category, controls are known. Errors name origin:line:column.
std::expected<v1::TenantPolicy, common::Error> ParsePolicy(
    std::string_view text, std::string_view origin, const Catalog& catalog);
// The same checks on an already parsed policy (e.g. from the API).
std::expected<void, common::Error> ValidatePolicy(
    const v1::TenantPolicy& policy, const Catalog& catalog);

// The values the rules use: zero thresholds and empty governed or required
// lists take their defaults.
Policy Effective(const v1::TenantPolicy& policy, const Catalog& catalog);

}  // namespace surveyor::findings
