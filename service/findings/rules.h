// The rules: small pure functions from what the store knows to findings.
// No I/O, no clock: `now` is a parameter, so every rule is table-testable.
//
// Host rules (one host's gaps, scope "host:<id>"): duplicate identity (it
// enrolled with another host's machine id without that host's key), no
// anti-malware, protection disabled, conflicting real-time engines, stale
// signatures, no backup, stale backup, disk not encrypted, firewall off,
// automatic updates off, agent silent, collector failing repeatedly, browser
// extensions that can read and change every site and are not sanctioned
// (their catalogued product in the policy's sanctioned list). Unknown
// states raise nothing: only what the agent positively saw. Retired hosts raise
// nothing.
//
// SaaS rules (a tenant's SaaS sections, scope "saas"): licence waste per
// subscription and offboarding gaps (service/domain/licence_waste.h).
//
// Category rules (a tenant's products of one category, scope
// "category:<id>"): overlap (several products of a category where that
// matters) and shadow IT (products outside the sanctioned list in a governed
// category).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "service/domain/licence_waste.h"
#include "service/findings/catalog.h"
#include "service/findings/policy.h"
#include "service/store/store.h"
#include "surveyor/v1/findings.pb.h"

namespace surveyor::findings {

// The scope names findings are saved under.
std::string HostScope(std::int64_t host_id);
std::string CategoryScope(std::string_view category);

// A host's findings. `products` are its catalogued products.
std::vector<v1::Finding> HostFindings(
    const service::HostState& state,
    const std::vector<service::HostProduct>& products, const Policy& policy,
    const Catalog& catalog, std::int64_t now);

// One product of a category across a tenant: its host count and a sample
// of the hosts that have it.
struct CategoryProduct {
  std::string product;
  std::int64_t hosts = 0;
  std::vector<service::HostProduct> sample;
};

// A tenant's findings for one category.
std::vector<v1::Finding> CategoryFindings(
    std::string_view category, const std::vector<CategoryProduct>& products,
    const Policy& policy, const Catalog& catalog);

// A tenant's SaaS findings: one "licence-waste" per subscription with
// wasted seats, one "offboarding-gap" per person who left but is still
// active elsewhere.
inline constexpr std::string_view kSaasScope = "saas";
std::vector<v1::Finding> SaasFindings(const service::SaasAnalysis& analysis,
                                      std::int64_t inactive_days);

// Whether CategoryFindings can ever find anything in `category` under
// `policy` (overlap categories and governed ones).
bool CategoryMatters(std::string_view category, const Policy& policy,
                     const Catalog& catalog);

}  // namespace surveyor::findings
