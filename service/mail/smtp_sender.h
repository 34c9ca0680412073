// SMTP delivery through libcurl: STARTTLS required by default (smtp://
// on port 587) or implicit TLS (smtps:// on 465), certificate and host name
// verified against the system store or `ca_file`, AUTH when a user is
// given (the password from a file readable by its owner only, never argv),
// bounded by timeouts.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "service/mail/mail_sender.h"

namespace surveyor::service {

struct SmtpSettings {
  std::string url;  // smtp://mail.example:587 or smtps://mail.example:465
  std::string username;
  std::string password_file;
  std::string ca_file;  // empty: the system trust store
  // Plain SMTP without STARTTLS is refused unless this is set (a relay on
  // loopback).
  bool allow_plain = false;
  std::int64_t timeout_seconds = 60;
};

// Checks the settings and reads the password once. Errors:
// kInvalidArgument for a URL that is not smtp:// or smtps://, a password
// file readable by others or empty; kIo for one that cannot be read.
std::expected<std::unique_ptr<MailSender>, common::Error> MakeSmtpSender(
    const SmtpSettings& settings);

}  // namespace surveyor::service
