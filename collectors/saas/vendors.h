// The SaaS vendors the agent can read, in one table: the name used in the
// agent configuration, the connector that reads it, and the parameters it
// needs. The configuration check and the collector both read it.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "collectors/saas/connector.h"

namespace surveyor::collectors::saas {

struct VendorSpec {
  std::string_view name;
  ConnectorResult (*run)(const ConnectorSettings&, HttpClient&, Waiter&);
  bool needs_tenant_id = false;
  bool needs_client_id = false;
  bool needs_account = false;
  bool needs_base_url = false;  // no vendor-wide API root (Okta's org URL)
  bool needs_subject = false;
  // The secret file is a whole document (Google's service-account JSON
  // key), not a one-line secret.
  bool secret_is_document = false;
};

std::span<const VendorSpec> Vendors();
// nullptr when `name` is no known vendor.
const VendorSpec* FindVendor(std::string_view name);
// "microsoft365, slack, …" for error messages.
std::string VendorNames();
// What `settings` lacks for `vendor` ("needs tenant_id and client_id"),
// or "" when nothing.
std::string MissingParameters(const VendorSpec& vendor,
                              const ConnectorSettings& settings);

}  // namespace surveyor::collectors::saas
