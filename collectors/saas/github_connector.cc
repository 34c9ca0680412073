// GitHub: the organisation's plan (seats bought and filled; owners only),
// its members page by page along the Link header, and Copilot Business /
// Enterprise seats with each holder's last activity. A personal access
// token or a GitHub App installation token.
#include <algorithm>
#include <map>

#include "collectors/saas/connector.h"
#include "collectors/saas/github_parsers.h"
#include "collectors/saas/http_headers.h"
#include "collectors/saas/vendor_session.h"

namespace surveyor::collectors::saas {
namespace {

// Walks a Link-paged listing from `url`; `take` gets each body and
// returns false (after recording why) to stop.
template <typename Take>
void WalkLinks(VendorSession& gh, std::string url, const std::string& endpoint,
               Take take) {
  for (int page = 0; !url.empty(); ++page) {
    if (!gh.PageAllowed(page, endpoint)) return;
    auto reply = gh.Get(url, endpoint);
    if (!reply) return;
    if (reply->status != 200) {
      gh.FailReply(endpoint, *reply, GitHubErrorText(reply->body));
      return;
    }
    if (!take(reply->body, page)) return;
    url = NextLink(*reply);
  }
}

}  // namespace

ConnectorResult RunGitHub(const ConnectorSettings& settings, HttpClient& client,
                          Waiter& waiter) {
  ConnectorResult result;
  VendorSession gh(kGitHub, "https://api.github.com", settings, client, waiter,
                   result);
  gh.SetHeaders({{"Authorization", "Bearer " + settings.secret},
                 {"Accept", "application/vnd.github+json"},
                 {"X-GitHub-Api-Version", "2022-11-28"}});
  const std::string org = gh.Base() + "/orgs/" + UrlEncode(settings.account);

  std::optional<SeatCount> plan;
  if (auto reply = gh.Get(org, "orgs")) {
    if (reply->status != 200) {
      gh.FailReply("orgs", *reply, GitHubErrorText(reply->body));
      return result;  // a wrong organisation or token: nothing else works
    }
    auto parsed = ParseGitHubOrg(reply->body);
    if (!parsed) {
      gh.Fail("orgs", parsed.error().reason);
    } else if (!*parsed) {
      gh.Note("orgs",
              "the plan is visible to organisation owners only; seats "
              "bought are unknown, seats filled are the members counted");
    } else {
      plan = std::move(**parsed);
    }
  } else {
    return result;
  }

  std::map<std::string, Person> people;
  bool members_complete = false;
  WalkLinks(gh, org + "/members?per_page=100", "members",
            [&](const std::string& body, int page) {
              auto parsed = ParseGitHubMembers(body);
              if (!parsed) {
                return gh.Fail("members", "page " + std::to_string(page + 1) +
                                              ": " + parsed.error().reason);
              }
              for (auto& p : *parsed) people[p.user_id] = std::move(p);
              return true;
            });
  members_complete = !result.partial;
  if (!plan && members_complete) {
    SeatCount counted;
    counted.vendor = std::string(kGitHub);
    counted.sku_id = std::string(kGitHubPlanSku);
    counted.sku_name = "GitHub plan";
    counted.assigned = static_cast<std::uint32_t>(people.size());
    plan = std::move(counted);
  }
  if (plan) result.seats.push_back(std::move(*plan));

  // Copilot: 404 when the organisation has no Copilot Business, 422 when
  // its billing is not set up. Neither is a failure of this connector.
  if (auto reply = gh.Get(org + "/copilot/billing", "copilot/billing")) {
    if (reply->status == 404 || reply->status == 422) {
      gh.Note("copilot/billing",
              "no Copilot seats (" +
                  HttpFailure(*reply, GitHubErrorText(reply->body)) + ")");
    } else if (reply->status != 200) {
      gh.FailReply("copilot/billing", *reply, GitHubErrorText(reply->body));
    } else if (auto billing = ParseGitHubCopilotBilling(reply->body);
               !billing) {
      gh.Fail("copilot/billing", billing.error().reason);
    } else {
      result.seats.push_back(std::move(*billing));
      std::uint32_t without_assignee = 0;
      WalkLinks(
          gh, org + "/copilot/billing/seats?per_page=100",
          "copilot/billing/seats", [&](const std::string& body, int page) {
            auto parsed = ParseGitHubCopilotSeats(body);
            if (!parsed) {
              return gh.Fail("copilot/billing/seats",
                             "page " + std::to_string(page + 1) + ": " +
                                 parsed.error().reason);
            }
            without_assignee += parsed->without_assignee;
            for (auto& holder : parsed->holders) {
              auto [it, added] = people.try_emplace(holder.user_id, holder);
              if (!added) {
                Person& p = it->second;
                p.sku_ids.insert(p.sku_ids.end(), holder.sku_ids.begin(),
                                 holder.sku_ids.end());
                p.last_active = holder.last_active;
                p.activity_sku_ids = holder.activity_sku_ids;
              }
            }
            return true;
          });
      if (without_assignee > 0) {
        gh.Note("copilot/billing/seats",
                std::to_string(without_assignee) +
                    " seats have no assignee (accounts deleted since)");
      }
    }
  }
  for (auto& [id, p] : people) result.people.push_back(std::move(p));
  return result;
}

}  // namespace surveyor::collectors::saas
