// What the Linux agent's configuration has that the Windows agent's does not
// (agent_config_win32.cc): the path under /etc, and the SaaS connectors,
// checked against the vendor table (collectors/saas/vendors.h).
#include <set>
#include <string>

#include "agent/agent_config.h"
#include "collectors/saas/vendors.h"
#include "common/logging.h"

namespace surveyor::agent {

std::expected<void, common::Error> CheckSaasConnectors(
    const v1::AgentConfig& config, std::string_view path) {
  auto invalid = [&](const std::string& what) {
    return common::Fail(common::ErrorCode::kInvalidArgument,
                        std::string(path) + ": " + what);
  };
  std::set<std::string> connector_names;
  for (int i = 0; i < config.saas_connectors_size(); ++i) {
    const auto& c = config.saas_connectors(i);
    const std::string at = "saas_connectors[" + std::to_string(i) + "]";
    const auto* vendor = collectors::saas::FindVendor(c.vendor());
    if (vendor == nullptr) {
      return invalid(at + ": vendor '" + common::Printable(c.vendor()) +
                     "' is not one of " + collectors::saas::VendorNames());
    }
    if (c.name().empty() || !connector_names.insert(c.name()).second) {
      return invalid(at + ": name is required and must be unique");
    }
    if (c.secret_file().empty())
      return invalid(at + ": secret_file is required");
    if (c.interval_seconds() != 0 && c.interval_seconds() < 300) {
      return invalid(at + ": interval_seconds must be 0 or at least 300");
    }
    collectors::saas::ConnectorSettings settings;
    settings.tenant_id = c.tenant_id();
    settings.client_id = c.client_id();
    settings.account = c.account();
    settings.subject = c.subject();
    settings.base_url = c.base_url();
    if (auto missing = collectors::saas::MissingParameters(*vendor, settings);
        !missing.empty()) {
      return invalid(at + ": " + c.vendor() + " " + missing);
    }
  }
  return {};
}

std::string DefaultConfigPath() { return "/etc/surveyor/agent.textproto"; }

std::string DefaultStateDir() { return "/var/lib/surveyor"; }

}  // namespace surveyor::agent
