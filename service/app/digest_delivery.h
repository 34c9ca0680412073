// Weekly digest delivery, shared by the server's schedule and
// `digest send`: which tenants' digests are due (the tenant policy's
// weekday, hour and time zone), sending each once per tenant and week
// across restarts and servers (claimed in the store before sending,
// recorded after), and retrying failures with back-off.
//
// A crash between the mail server's acceptance and the record can send that
// week's digest again after the claim's lease; a confirmed send never is.
//
// Errors: storage errors pass through; delivery failures are outcomes.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "service/app/application.h"
#include "service/digest/week.h"
#include "service/mail/mail_sender.h"

namespace surveyor::service {

struct DeliveryOptions {
  // The From header, e.g. "Surveyor <surveyor@msp.example>"; its address is
  // the envelope sender too.
  std::string from = "Surveyor <surveyor@localhost>";
  std::string server_url;  // links in the digest; empty: none
  // A claim older than this that never finished is taken over (the server
  // died mid-send). Longer than an SMTP timeout.
  std::int64_t lease_seconds = 900;
  std::int64_t max_attempts = 8;
};

struct DeliveryOutcome {
  std::string tenant, week;
  std::int64_t attempt = 0;
  bool sent = false;
  std::string message_id;            // when sent
  std::string error;                 // when not
  std::int64_t next_attempt_at = 0;  // 0: abandoned or sent
};

// Seconds to wait after failed attempt `attempt` (1, 2, ...): one minute,
// doubling, at most six hours.
std::int64_t RetryDelay(std::int64_t attempt);

class DigestDelivery {
 public:
  DigestDelivery(Application& app, MailSender& sender, DeliveryOptions options);

  // Sends every digest that is due now and not yet sent: per tenant with
  // recipients, the latest week whose send time has passed (weeks before the
  // tenant's first enrollment have nothing to say and are skipped).
  std::expected<std::vector<DeliveryOutcome>, common::Error> RunDue();

  // Sends one tenant's digest now to `to` (default: its recipients),
  // outside the schedule and its record.
  std::expected<DeliveryOutcome, common::Error> SendNow(
      const Tenant& tenant, std::optional<digest::IsoWeek> week,
      const std::vector<std::string>& to);

 private:
  // Builds and sends; the outcome says what happened.
  DeliveryOutcome Deliver(const Tenant& tenant, digest::IsoWeek week,
                          const std::vector<std::string>& to,
                          std::int64_t attempt);

  Application& app_;
  MailSender& sender_;
  DeliveryOptions options_;
};

}  // namespace surveyor::service
