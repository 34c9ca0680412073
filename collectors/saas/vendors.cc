#include "collectors/saas/vendors.h"

#include <array>
#include <vector>

#include "collectors/saas/adobe_parsers.h"
#include "collectors/saas/atlassian_parsers.h"
#include "collectors/saas/dropbox_parsers.h"
#include "collectors/saas/github_parsers.h"
#include "collectors/saas/google_parsers.h"
#include "collectors/saas/graph_parsers.h"
#include "collectors/saas/okta_parsers.h"
#include "collectors/saas/salesforce_parsers.h"
#include "collectors/saas/slack_parsers.h"
#include "collectors/saas/zoom_parsers.h"

namespace surveyor::collectors::saas {
namespace {

constexpr std::array kVendors = {
    VendorSpec{kMicrosoft365, &RunMicrosoft365, true, true, false, false},
    VendorSpec{kSlack, &RunSlack, false, false, false, false},
    VendorSpec{kZoom, &RunZoom, false, true, true, false},
    VendorSpec{kGitHub, &RunGitHub, false, false, true, false},
    VendorSpec{kOkta, &RunOkta, false, false, false, true},
    VendorSpec{kGoogleWorkspace, &RunGoogleWorkspace, false, false, true, false,
               true, true},
    VendorSpec{kDropbox, &RunDropbox, false, false, false, false},
    VendorSpec{kAtlassian, &RunAtlassian, false, false, true, false},
    VendorSpec{kJira, &RunJira, false, true, false, true},
    VendorSpec{kSalesforce, &RunSalesforce, false, true, false, true},
    VendorSpec{kAdobe, &RunAdobe, false, true, true, false},
};

}  // namespace

std::span<const VendorSpec> Vendors() { return kVendors; }

const VendorSpec* FindVendor(std::string_view name) {
  for (const auto& v : kVendors) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

std::string VendorNames() {
  std::string out;
  for (const auto& v : kVendors) {
    out += (out.empty() ? "" : ", ") + std::string(v.name);
  }
  return out;
}

std::string MissingParameters(const VendorSpec& vendor,
                              const ConnectorSettings& s) {
  std::vector<std::string> missing;
  if (vendor.needs_tenant_id && s.tenant_id.empty()) {
    missing.emplace_back("tenant_id");
  }
  if (vendor.needs_client_id && s.client_id.empty()) {
    missing.emplace_back("client_id");
  }
  if (vendor.needs_account && s.account.empty())
    missing.emplace_back("account");
  if (vendor.needs_base_url && s.base_url.empty()) {
    missing.emplace_back("base_url");
  }
  if (vendor.needs_subject && s.subject.empty()) {
    missing.emplace_back("subject");
  }
  if (missing.empty()) return "";
  std::string out = "needs ";
  for (std::size_t i = 0; i < missing.size(); ++i) {
    if (i > 0) out += i + 1 == missing.size() ? " and " : ", ";
    out += missing[i];
  }
  return out;
}

}  // namespace surveyor::collectors::saas
