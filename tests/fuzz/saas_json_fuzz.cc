// libFuzzer target: every SaaS vendor parser (Microsoft Graph, Slack, OAuth
// token answers) reads bytes from the network; none may crash, hang or
// return a record without its identity.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "collectors/saas/graph_parsers.h"
#include "collectors/saas/slack_parsers.h"

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
  return 0;
}
