// A SaaS connector: one vendor account of one client, read through the
// vendor's API into seat counts and people. Connectors never throw and
// never present a partial listing as complete: whatever failed (token,
// endpoint, HTTP status, the vendor's own error code) is in `errors`, and
// `partial` is set when any listing stopped early.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "collectors/saas/http_client.h"
#include "collectors/saas/saas_records.h"
#include "collectors/saas/throttle.h"

namespace surveyor::collectors::saas {

struct ConnectorSettings {
  std::string name;       // for reports, e.g. "acme-m365"
  std::string tenant_id;  // Microsoft Entra tenant (Graph)
  std::string client_id;  // OAuth client (Graph, Zoom)
  std::string account;    // GitHub organisation, Zoom account id, Google
                          // customer (domain or id)
  std::string subject;    // Google: the administrator the service account
                          // acts as
  std::string reseller_subject;  // Google: the reseller's administrator
  std::string secret;            // client secret or API token, from its file
  std::string base_url;          // API root; "" for the vendor's
  std::string token_url;         // OAuth token endpoint; "" for the vendor's
  int max_pages = 10000;         // a listing longer than this is cut, partial
  ThrottlePolicy throttle;
};

struct ConnectorResult {
  std::string vendor;
  std::vector<SeatCount> seats;
  std::vector<Person> people;
  bool partial = false;
  std::vector<std::string> errors;  // "<vendor> <endpoint>: <what>"
  std::vector<std::string> notes;   // read differently, nothing lost
};

// The text of a failed call: "HTTP 403: Authorization_RequestDenied:
// Insufficient privileges" (the vendor's error text when the body has one).
std::string HttpFailure(const HttpReply& reply, const std::string& vendor_text);

ConnectorResult RunMicrosoft365(const ConnectorSettings& settings,
                                HttpClient& client, Waiter& waiter);
ConnectorResult RunSlack(const ConnectorSettings& settings, HttpClient& client,
                         Waiter& waiter);
ConnectorResult RunGitHub(const ConnectorSettings& settings, HttpClient& client,
                          Waiter& waiter);
ConnectorResult RunZoom(const ConnectorSettings& settings, HttpClient& client,
                        Waiter& waiter);
ConnectorResult RunGoogleWorkspace(const ConnectorSettings& settings,
                                   HttpClient& client, Waiter& waiter);
ConnectorResult RunDropbox(const ConnectorSettings& settings,
                           HttpClient& client, Waiter& waiter);
ConnectorResult RunAtlassian(const ConnectorSettings& settings,
                             HttpClient& client, Waiter& waiter);
ConnectorResult RunJira(const ConnectorSettings& settings, HttpClient& client,
                        Waiter& waiter);
ConnectorResult RunSalesforce(const ConnectorSettings& settings,
                              HttpClient& client, Waiter& waiter);
ConnectorResult RunAdobe(const ConnectorSettings& settings, HttpClient& client,
                         Waiter& waiter);
ConnectorResult RunOkta(const ConnectorSettings& settings, HttpClient& client,
                        Waiter& waiter);

}  // namespace surveyor::collectors::saas
