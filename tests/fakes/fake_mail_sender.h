// A MailSender that keeps what it was given, and fails the next N sends
// with a given error (a mail server that is down, or refuses).
#pragma once

#include <string>
#include <vector>

#include "service/mail/mail_sender.h"

namespace surveyor::testing {

class FakeMailSender : public service::MailSender {
 public:
  struct Sent {
    service::Envelope envelope;
    std::string message;
  };

  std::expected<void, common::Error> Send(const service::Envelope& envelope,
                                          const std::string& message) override {
    ++calls;
    if (fail_next > 0) {
      --fail_next;
      return common::Fail(common::ErrorCode::kIo, failure);
    }
    sent.push_back({envelope, message});
    return {};
  }

  std::vector<Sent> sent;
  int calls = 0;
  int fail_next = 0;
  std::string failure =
      "SMTP smtp://mail.example:587: 451 4.3.0 try again later (reply 451)";
};

}  // namespace surveyor::testing
