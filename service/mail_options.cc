#include "service/mail_options.h"

#include "common/logging.h"
#include "service/digest/mime.h"

namespace surveyor::service {

void AddMailOptions(cli::po::options_description& o) {
  using cli::po::value;
  o.add_options()("smtp-url", value<std::string>()->value_name("URL"),
                  "Mail server for weekly digests: smtp://HOST:587 "
                  "(STARTTLS required) or smtps://HOST:465.")(
      "smtp-user", value<std::string>()->value_name("USER"), "SMTP AUTH user.")(
      "smtp-password-file", value<std::string>()->value_name("FILE"),
      "File holding the SMTP password (mode 0600).")(
      "smtp-ca-file", value<std::string>()->value_name("FILE"),
      "PEM CA certificates for the mail server (default: the system "
      "store).")("smtp-allow-plain",
                 "Allow SMTP without TLS (a relay on loopback only).")(
      "mail-from", value<std::string>()->value_name("MAILBOX"),
      "From header and envelope sender (default "
      "\"Surveyor <surveyor@localhost>\").")(
      "public-url", value<std::string>()->value_name("URL"),
      "The server's public URL, for links in digests.");
}

std::expected<MailOptions, std::string> ReadMailOptions(
    const cli::Invocation& in, const v1::ServerConfig& config) {
  const auto& c = config.smtp();
  MailOptions m;
  m.smtp.url = in.Get("smtp-url", c.url());
  m.smtp.username = in.Get("smtp-user", c.username());
  m.smtp.password_file = in.Get("smtp-password-file", c.password_file());
  m.smtp.ca_file = in.Get("smtp-ca-file", c.ca_file());
  m.smtp.allow_plain = in.Flag("smtp-allow-plain") || c.allow_plain();
  m.smtp.timeout_seconds = c.timeout_seconds() ? c.timeout_seconds() : 60;
  const std::string from =
      in.Get("mail-from", c.from().empty() ? m.delivery.from : c.from());
  if (!digest::PlainAddress(digest::AddressOf(from)) ||
      from.find_first_of("\r\n") != std::string::npos) {
    return std::unexpected("--mail-from: '" + common::Printable(from) +
                           "' is not a mailbox (Name <local@domain> or "
                           "local@domain)");
  }
  m.delivery.from = from;
  m.delivery.server_url = in.Get("public-url", config.public_url());
  return m;
}

}  // namespace surveyor::service
