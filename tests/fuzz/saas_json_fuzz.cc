// libFuzzer target: every SaaS vendor parser (Microsoft Graph, Slack,
// Zoom, GitHub, Okta, Google Workspace, OAuth token answers, Link and
// rate-limit headers) reads bytes from the network; none may crash, hang or
// return a record without its identity.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "collectors/saas/github_parsers.h"
#include "collectors/saas/google_parsers.h"
#include "collectors/saas/graph_parsers.h"
#include "collectors/saas/http_headers.h"
#include "collectors/saas/okta_parsers.h"
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
