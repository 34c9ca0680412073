// The Windows agent does not run the SaaS connectors (agent_config_win32.cc
// refuses them in its configuration): no HTTP for them.
#include "agent/saas_http.h"

namespace surveyor::agent {

std::unique_ptr<collectors::saas::HttpClientFactory> NewSaasHttpFactory(
    const std::atomic<bool>*) {
  return nullptr;
}

}  // namespace surveyor::agent
