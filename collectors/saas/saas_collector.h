// The "saas" collector: runs each SaaS connector of the agent
// configuration (saas_connectors) and fills the SaasLicenses section with
// their seat counts and people. Failures are section errors naming the
// connector; a connector whose listing stopped early is marked partial.
// Connectors read vendor APIs, not the machine, so they run whatever the
// root; without an HTTP client factory in the context they are skipped
// with an error.
#pragma once

#include <memory>

#include "collectors/collector.h"
#include "collectors/saas/http_client.h"

namespace surveyor::collectors::saas {

// Makes the HTTP client one connector talks through (its CA file), and
// the waiter its retries wait with. The agent's is on libcurl.
class HttpClientFactory {
 public:
  virtual ~HttpClientFactory() = default;
  virtual std::unique_ptr<HttpClient> For(const v1::SaasConnector& c) = 0;
  virtual Waiter& waiter() = 0;
};

class SaasCollector final : public Collector {
 public:
  std::string_view name() const override { return "saas"; }
  void Collect(const CollectContext& ctx, v1::Section& section) override;
};

}  // namespace surveyor::collectors::saas
