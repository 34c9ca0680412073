// A Jira Cloud site: the approximate user count of each Jira product
// (the site's own figure, what Atlassian bills the site for), with an
// administrator's e-mail and API token (HTTP Basic). A product the site
// does not have answers 404: noted, not an error. Seats bought are not in
// the API: the tenant's contract gives them.
#include "collectors/saas/atlassian_parsers.h"
#include "collectors/saas/connector.h"
#include "collectors/saas/vendor_session.h"
#include "common/random.h"

namespace surveyor::collectors::saas {

ConnectorResult RunJira(const ConnectorSettings& settings, HttpClient& client,
                        Waiter& waiter) {
  ConnectorResult result;
  VendorSession jira(kJira, "", settings, client, waiter, result);
  jira.SetHeaders(
      {{"Authorization",
        "Basic " + common::Base64(settings.client_id + ":" + settings.secret)},
       {"Accept", "application/json"}});
  for (const char* product : {"jira-software", "jira-servicedesk",
                              "jira-product-discovery", "jira-core"}) {
    const std::string endpoint =
        std::string("approximateLicenseCount/") + product;
    auto reply = jira.Get(jira.Base() +
                              "/rest/api/3/license/approximateLicenseCount/"
                              "product/" +
                              product,
                          endpoint);
    if (!reply) return result;
    if (reply->status == 404) {
      jira.Note(endpoint, "not on this site");
      continue;
    }
    if (reply->status != 200) {
      jira.FailReply(endpoint, *reply, AtlassianErrorText(reply->body));
      continue;
    }
    auto count = ParseJiraApproximateCount(reply->body);
    if (!count) {
      jira.Fail(endpoint, count.error().reason);
      continue;
    }
    SeatCount s;
    s.vendor = std::string(kJira);
    s.sku_id = product;
    s.sku_name = product;
    s.assigned = *count;
    result.seats.push_back(std::move(s));
  }
  return result;
}

}  // namespace surveyor::collectors::saas
