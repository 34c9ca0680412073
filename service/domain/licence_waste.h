// Licence waste from the SaaS sections of a tenant, as pure decisions
// (../shared/reference/digest-evidence-waste.md §4):
// - unassigned seats: purchased - assigned, where the vendor tells what
//   was purchased (never invented);
// - seats held by people the vendor has disabled, suspended or
//   deprovisioned;
// - seats held by people whose last sign-in is known and older than the
//   threshold (default 60 days); unknown activity is never "inactive";
// - offboarding gaps: a person disabled in an identity provider (Microsoft
//   365) whose account in another vendor is still enabled, matched by
//   e-mail without regard to case;
// - SaaS without a connector: desktop clients of a SaaS vendor (the
//   catalog's saas_vendor) installed on the tenant's hosts while no
//   connector reads that vendor: paid by someone, seen by nobody. Only for
//   tenants that run at least one connector (without any, SaaS is not
//   watched at all and every client would be reported);
// - the contract terms of each subscription (saas_contracts.h): seats
//   bought where the API does not tell, the price behind the monthly cost
//   of waste, and whether the renewal's notice period has begun;
// - paid overlap: several vendors with assigned seats whose products fall
//   in one overlapping catalog category (conferencing at Zoom and at
//   Microsoft 365), each with its seats.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "service/domain/saas_contracts.h"
#include "surveyor/v1/saas.pb.h"

namespace surveyor::service {

struct WasteOptions {
  std::int64_t now = 0;
  std::int64_t inactive_days = 60;
  // The tenant's contracts and the list prices (saas_contracts.h); either
  // may be null.
  const v1::SaasContracts* contracts = nullptr;
  const v1::SaasPriceTable* prices = nullptr;
  // Per SaaS vendor, the catalog categories where several tools overlap
  // that its products belong to (zoom -> conferencing; microsoft365 ->
  // conferencing, file-sharing, …); may be null.
  const std::map<std::string, std::set<std::string>>* vendor_categories =
      nullptr;
};

struct SeatHolder {
  std::string vendor, user_id, email;
  std::optional<std::int64_t> last_active;
};

struct SubscriptionWaste {
  std::string vendor, sku_id, sku_name, status;
  std::uint32_t purchased = 0;  // 0: unknown
  std::uint32_t assigned = 0;
  // Assigned people active within the threshold; nullopt when no holder's
  // activity is known.
  std::optional<std::uint32_t> active;
  std::uint32_t unassigned = 0;
  std::vector<SeatHolder> disabled;
  std::vector<SeatHolder> inactive;
  // Where `purchased` came from: "api", "contract", or "" when unknown.
  std::string purchased_from;
  SubscriptionTerms terms;
  // The renewal's notice period has begun (and the renewal is not past).
  bool renewal_due = false;
  std::uint32_t wasted() const {
    return unassigned +
           static_cast<std::uint32_t>(disabled.size() + inactive.size());
  }
  // What the wasted seats cost a month, where a price is known.
  std::optional<std::int64_t> waste_cents_month() const {
    if (!terms.price_cents_month) return std::nullopt;
    return *terms.price_cents_month * wasted();
  }
};

struct OffboardingGap {
  std::string email;
  std::string disabled_in;                // the identity provider
  std::vector<std::string> still_active;  // vendors with an enabled account
};

// A desktop client of a SaaS vendor installed in the tenant.
struct SaasClientInstall {
  std::string vendor;  // the catalog product's saas_vendor
  std::string product, product_name;
  std::int64_t hosts = 0;
  std::vector<std::string> sample_hosts;  // host names, a few
};

struct UnconnectedVendor {
  std::string vendor;
  std::vector<SaasClientInstall> clients;  // by product
};

// Several SaaS vendors paid for one kind of tool (Zoom and Teams and Meet).
struct PaidOverlap {
  std::string category;
  std::vector<std::pair<std::string, std::uint32_t>> vendors;  // seats
};

struct SaasAnalysis {
  std::vector<SubscriptionWaste> subscriptions;  // by vendor, SKU
  std::vector<OffboardingGap> gaps;              // by e-mail
  std::vector<v1::SaasConnectorRun> connectors;  // as reported
  std::vector<UnconnectedVendor> unconnected;    // by vendor
  std::vector<PaidOverlap> overlaps;             // by category
  std::int64_t inactive_days = 60;               // the threshold applied
};

SaasAnalysis AnalyseSaas(const std::vector<v1::SaasLicenses>& sections,
                         const WasteOptions& options,
                         const std::vector<SaasClientInstall>& installs = {});

}  // namespace surveyor::service
