// Hands a finished RFC 5322 message to a mail server. The interface lets
// delivery logic run on a fake (tests/fakes/fake_mail_sender.h); the real
// one speaks SMTP through libcurl (smtp_sender.h).
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "common/error.h"

namespace surveyor::service {

struct Envelope {
  std::string from;             // the envelope sender (MAIL FROM)
  std::vector<std::string> to;  // RCPT TO, plain addresses
};

class MailSender {
 public:
  virtual ~MailSender() = default;
  // Errors: kIo when the server could not be reached or refused
  // temporarily (4xx, a timeout: worth retrying), kInvalidArgument for a
  // permanent refusal (5xx), each naming the server and its reply.
  virtual std::expected<void, common::Error> Send(
      const Envelope& envelope, const std::string& message) = 0;
};

}  // namespace surveyor::service
