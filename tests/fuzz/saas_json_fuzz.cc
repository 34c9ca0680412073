// libFuzzer target: every SaaS vendor parser (Microsoft Graph, Slack,
// Zoom, GitHub, Okta, Google Workspace, Dropbox, Atlassian, Salesforce,
// Adobe, OAuth token answers, Link and
// rate-limit headers) reads bytes from the network; none may crash, hang or
// return a record without its identity.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "collectors/saas/adobe_parsers.h"
#include "collectors/saas/atlassian_parsers.h"
#include "collectors/saas/dropbox_parsers.h"
#include "collectors/saas/github_parsers.h"
#include "collectors/saas/google_parsers.h"
#include "collectors/saas/graph_parsers.h"
#include "collectors/saas/http_headers.h"
#include "collectors/saas/okta_parsers.h"
#include "collectors/saas/salesforce_parsers.h"
#include "collectors/saas/slack_parsers.h"
#include "collectors/saas/zoom_parsers.h"

namespace saas = surveyor::collectors::saas;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto skus = saas::ParseGraphSubscribedSkus(text)) {
    for (const auto& s : *skus) {
      if (s.sku_id.empty()) std::abort();
    }
  }
  if (auto page = saas::ParseGraphUsersPage(text)) {
    for (const auto& p : page->users) {
      if (p.user_id.empty()) std::abort();
    }
  }
  auto slack = saas::ParseSlackUsersPage(text);
  if (auto* page = std::get_if<saas::SlackUsersPage>(&slack)) {
    for (const auto& p : page->users) {
      if (p.user_id.empty() || p.user_id == "USLACKBOT") std::abort();
    }
  }
  (void)saas::ParseSlackBillableInfo(text);  // must only not crash
  (void)saas::ParseAccessToken(text);        // must only not crash
  (void)saas::GraphErrorText(text);          // must only not crash
  (void)saas::OAuthErrorText(text);          // must only not crash
  auto identified = [](const std::vector<saas::Person>& people) {
    for (const auto& p : people) {
      if (p.user_id.empty()) std::abort();
    }
  };
  if (auto page = saas::ParseZoomUsersPage(text)) identified(page->users);
  if (auto members = saas::ParseGitHubMembers(text)) identified(*members);
  if (auto seats = saas::ParseGitHubCopilotSeats(text)) {
    identified(seats->holders);
  }
  if (auto users = saas::ParseOktaUsers(text)) identified(*users);
  if (auto page = saas::ParseGoogleUsersPage(text)) identified(page->users);
  if (auto page = saas::ParseGoogleLicensePage(text)) {
    for (const auto& l : page->items) {
      if (l.user.empty() || l.sku_id.empty()) std::abort();
    }
  }
  (void)saas::ParseGoogleServiceAccount(text);  // must only not crash
  (void)saas::ParseGoogleResellerPage(text);    // must only not crash
  if (auto page = saas::ParseDropboxMembersPage(text))
    identified(page->members);
  if (auto page = saas::ParseAtlassianUsersPage(text)) identified(page->users);
  if (auto page = saas::ParseSalesforceQuery(text)) identified(page->people);
  if (auto page = saas::ParseAdobeUsersPage(text)) identified(page->users);
  (void)saas::ParseDropboxTeamInfo(text);       // must only not crash
  (void)saas::ParseAdobeGroupsPage(text);       // must only not crash
  (void)saas::ParseSalesforceToken(text);       // must only not crash
  (void)saas::DropboxErrorText(text);           // must only not crash
  (void)saas::AtlassianErrorText(text);         // must only not crash
  (void)saas::ParseJiraApproximateCount(text);  // must only not crash
  (void)saas::SalesforceErrorText(text);        // must only not crash
  (void)saas::AdobeErrorText(text);             // must only not crash
  (void)saas::GoogleErrorText(text);            // must only not crash
  (void)saas::ParseZoomPlanUsage(text);         // must only not crash
  (void)saas::ParseGitHubOrg(text);             // must only not crash
  (void)saas::ParseGitHubCopilotBilling(text);  // must only not crash
  (void)saas::ZoomErrorText(text);              // must only not crash
  (void)saas::OktaErrorText(text);              // must only not crash
  // The same bytes as header values.
  saas::HttpReply reply;
  reply.status = 429;
  reply.headers = {{"link", std::string(text)},
                   {"retry-after", std::string(text)},
                   {"x-rate-limit-remaining", "0"},
                   {"x-rate-limit-reset", std::string(text)}};
  const std::string next = saas::NextLink(reply);
  if (next.size() > text.size()) std::abort();
  (void)saas::RequestedWait(reply, 1'800'000'000);
  return 0;
}
