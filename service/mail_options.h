// The command-line options that configure mail (serve and `digest send`)
// and their values merged with a server configuration file's `smtp`
// section (the command line wins).
#pragma once

#include <expected>
#include <string>

#include "service/app/digest_delivery.h"
#include "service/cli.h"
#include "service/mail/smtp_sender.h"
#include "surveyor/v1/server_config.pb.h"

namespace surveyor::service {

// --smtp-url, --smtp-user, --smtp-password-file, --smtp-ca-file,
// --smtp-allow-plain, --mail-from, --public-url.
void AddMailOptions(cli::po::options_description& o);

struct MailOptions {
  SmtpSettings smtp;  // smtp.url empty: mail is off
  DeliveryOptions delivery;
};

std::expected<MailOptions, std::string> ReadMailOptions(
    const cli::Invocation& in, const v1::ServerConfig& config);

}  // namespace surveyor::service
