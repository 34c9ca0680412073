#include "service/app/digest_delivery.h"

#include <algorithm>
#include <map>

#include "common/logging.h"
#include "common/random.h"
#include "service/app/digest_reports.h"
#include "service/digest/mime.h"

namespace surveyor::service {

using common::Error;
using common::ErrorCode;
using common::Fail;

std::int64_t RetryDelay(std::int64_t attempt) {
  const std::int64_t cap = 6 * 3600;
  std::int64_t delay = 60;
  for (std::int64_t i = 1; i < attempt && delay < cap; ++i) delay *= 2;
  return std::min(delay, cap);
}

DigestDelivery::DigestDelivery(Application& app, MailSender& sender,
                               DeliveryOptions options)
    : app_(app), sender_(sender), options_(std::move(options)) {}

DeliveryOutcome DigestDelivery::Deliver(const Tenant& tenant,
                                        digest::IsoWeek week,
                                        const std::vector<std::string>& to,
                                        std::int64_t attempt) {
  DeliveryOutcome out;
  out.tenant = tenant.name;
  out.week = digest::FormatIsoWeek(week);
  out.attempt = attempt;
  auto fail = [&](const Error& e) {
    out.error = e.message;
    return out;
  };
  auto d = BuildTenantDigest(app_, tenant, week);
  if (!d) return fail(d.error());
  DigestRenderOptions render;
  render.server_url = options_.server_url;
  render.from = options_.from;
  render.to = to;
  const std::string domain = [&] {
    std::string a = digest::AddressOf(options_.from);
    auto at = a.find('@');
    return at == std::string::npos ? std::string("surveyor") : a.substr(at + 1);
  }();
  // Unique per attempt: 256 random bits, base64url (dot-atom safe).
  render.message_id =
      common::NewSecret("digest." + out.week + ".") + "@" + domain;
  auto eml = RenderDigest(*d, DigestFormat::kEml, render);
  if (!eml) return fail(eml.error());
  auto sent =
      sender_.Send(Envelope{digest::AddressOf(options_.from), to}, *eml);
  if (!sent) return fail(sent.error());
  out.sent = true;
  out.message_id = render.message_id;
  return out;
}

std::expected<std::vector<DeliveryOutcome>, Error> DigestDelivery::RunDue() {
  std::vector<DeliveryOutcome> outcomes;
  SURVEYOR_ASSIGN_OR_RETURN(auto tenants, app_.store().Tenants());
  // Each tenant's latest record, in one query: a week already sent (or
  // given up) needs nothing more read, which is every check but the first
  // of a week.
  SURVEYOR_ASSIGN_OR_RETURN(auto latest, app_.store().DigestSends(1));
  std::map<std::int64_t, const DigestSendRow*> done;
  for (const auto& r : latest) {
    if (r.state == "sent" || r.state == "abandoned") done[r.tenant_id] = &r;
  }
  const std::int64_t now = app_.Now();
  for (const auto& tenant : tenants) {
    SURVEYOR_ASSIGN_OR_RETURN(auto settings, DigestSettingsOf(app_, tenant));
    if (settings.recipients().empty()) continue;
    SURVEYOR_ASSIGN_OR_RETURN(
        auto week,
        digest::LatestDueWeek(now, settings.weekday(), settings.hour(),
                              settings.time_zone()));
    const std::string name = digest::FormatIsoWeek(week);
    if (auto it = done.find(tenant.id);
        it != done.end() && it->second->week == name) {
      continue;
    }
    SURVEYOR_ASSIGN_OR_RETURN(auto window,
                              digest::Window(week, settings.time_zone()));
    SURVEYOR_ASSIGN_OR_RETURN(auto hosts, app_.store().Hosts(tenant.id));
    const bool any_before =
        std::any_of(hosts.begin(), hosts.end(),
                    [&](const Host& h) { return h.enrolled_at < window.end; });
    if (!any_before) continue;
    SURVEYOR_ASSIGN_OR_RETURN(
        auto attempt,
        app_.store().ClaimDigest(tenant.id, name, now, options_.lease_seconds));
    if (!attempt) continue;
    std::vector<std::string> to(settings.recipients().begin(),
                                settings.recipients().end());
    DeliveryOutcome out = Deliver(tenant, week, to, *attempt);
    if (out.sent) {
      SURVEYOR_TRY(app_.store().FinishDigest(tenant.id, name, app_.Now(),
                                             out.message_id));
    } else {
      out.next_attempt_at = *attempt >= options_.max_attempts
                                ? 0
                                : app_.Now() + RetryDelay(*attempt);
      SURVEYOR_TRY(app_.store().FailDigest(tenant.id, name, out.error,
                                           out.next_attempt_at));
    }
    outcomes.push_back(std::move(out));
  }
  return outcomes;
}

std::expected<DeliveryOutcome, Error> DigestDelivery::SendNow(
    const Tenant& tenant, std::optional<digest::IsoWeek> week,
    const std::vector<std::string>& to) {
  SURVEYOR_ASSIGN_OR_RETURN(auto settings, DigestSettingsOf(app_, tenant));
  std::vector<std::string> recipients = to;
  if (recipients.empty()) {
    recipients.assign(settings.recipients().begin(),
                      settings.recipients().end());
  }
  if (recipients.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "tenant " + tenant.name +
                    " has no digest recipients (policy digest.recipients); "
                    "give --to");
  }
  for (const auto& r : recipients) {
    if (!digest::PlainAddress(r)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "'" + common::Printable(r) +
                      "' is not a plain e-mail address (local@domain)");
    }
  }
  if (!week) {
    SURVEYOR_ASSIGN_OR_RETURN(auto current,
                              digest::WeekOf(app_.Now(), settings.time_zone()));
    week = digest::PreviousWeek(current);
  }
  return Deliver(tenant, *week, recipients, 1);
}

}  // namespace surveyor::service
