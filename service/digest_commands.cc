// surveyor-server digest preview|send|status: a tenant's weekly digest as
// HTML, plain text, an e-mail message (.eml) or JSON; sent now by SMTP; and
// the schedule's record. The use cases are service/app/digest_reports.h
// (shared with the API) and service/app/digest_delivery.h (shared with the
// server's schedule).
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>

#include "common/logging.h"
#include "common/textproto.h"
#include "service/app/digest_delivery.h"
#include "service/app/digest_reports.h"
#include "service/cli.h"
#include "service/mail/smtp_sender.h"
#include "service/mail_options.h"

namespace surveyor::service {
namespace {

int Preview(const cli::Invocation& in) {
  auto format = ParseDigestFormat(in.Get("format", "html"));
  if (!format) return Fail(format.error().message);
  std::optional<digest::IsoWeek> week;
  if (in.Has("week")) {
    auto w = digest::ParseIsoWeek(in.Get("week"));
    if (!w) return Fail(w.error().message);
    week = *w;
  }
  auto o = OpenTenant(in, /*check_format=*/false);
  if (!o) return Fail(o.error());
  auto& app = *o->session.app;
  auto d = BuildTenantDigest(app, o->tenant, week);
  if (!d) return Fail(d.error().message);
  DigestRenderOptions options;
  options.server_url = in.Get("server-url");
  auto settings = DigestSettingsOf(app, o->tenant);
  if (!settings) return Fail(settings.error().message);
  options.to.assign(settings->recipients().begin(),
                    settings->recipients().end());
  if (options.to.empty()) options.to.push_back("undisclosed-recipients:;");
  auto body = RenderDigest(*d, *format, options);
  if (!body) return Fail(body.error().message);
  const std::string out = in.Get("output");
  if (out.empty() || out == "-") {
    std::fwrite(body->data(), 1, body->size(), stdout);
    return 0;
  }
  std::ofstream f(out, std::ios::binary | std::ios::trunc);
  f.write(body->data(), static_cast<std::streamsize>(body->size()));
  f.close();
  if (!f) return Fail("cannot write " + common::Printable(out));
  std::fprintf(stderr, "wrote the %s digest of %s for %s to %s (%zu bytes)\n",
               in.Get("format", "html").c_str(), o->tenant.name.c_str(),
               digest::FormatIsoWeek(d->week).c_str(),
               common::Printable(out).c_str(), body->size());
  return 0;
}

// Mail options from the command line over --config's smtp section.
std::expected<MailOptions, std::string> Mail(const cli::Invocation& in) {
  v1::ServerConfig config;
  if (in.Has("config")) {
    if (auto loaded = common::LoadTextProto(in.Get("config"), config);
        !loaded) {
      return std::unexpected(loaded.error().message);
    }
  }
  return ReadMailOptions(in, config);
}

int Send(const cli::Invocation& in) {
  auto mail = Mail(in);
  if (!mail) return Fail(mail.error());
  if (mail->smtp.url.empty()) {
    return Fail("no mail server: give --smtp-url (or smtp.url in --config)");
  }
  auto sender = MakeSmtpSender(mail->smtp);
  if (!sender) return Fail(sender.error().message);
  std::optional<digest::IsoWeek> week;
  if (in.Has("week")) {
    auto w = digest::ParseIsoWeek(in.Get("week"));
    if (!w) return Fail(w.error().message);
    week = *w;
  }
  auto o = OpenTenant(in);
  if (!o) return Fail(o.error());
  DigestDelivery delivery(*o->session.app, **sender, mail->delivery);
  auto to = in.GetAll("to");
  auto out = delivery.SendNow(o->tenant, week, to);
  if (!out) return Fail(out.error().message);
  if (!out->sent) {
    return Fail("the " + out->week + " digest of " + o->tenant.name +
                " was not sent: " + out->error);
  }
  std::printf("sent the %s digest of %s (Message-ID <%s>)\n", out->week.c_str(),
              o->tenant.name.c_str(), out->message_id.c_str());
  return 0;
}

int Status(const cli::Invocation& in) {
  common::InitLogging(in.Flag("verbose"));
  if (auto bad = BadFormat(in)) return Fail(*bad);
  auto s = OpenSession(in, /*with_catalog=*/true);
  if (!s) return Fail(s.error());
  auto& app = *s->app;
  auto tenants = app.store().Tenants();
  if (!tenants) return Fail(tenants.error().message);
  const auto per_tenant = static_cast<std::int64_t>(in.GetUint("weeks", 4));
  auto sends = app.store().DigestSends(per_tenant);
  if (!sends) return Fail(sends.error().message);
  static constexpr const char* kDays[] = {"",    "Mon", "Tue", "Wed",
                                          "Thu", "Fri", "Sat", "Sun"};
  boost::json::array out;
  if (in.Get("format") != "json") {
    std::printf("%-16s %-28s %-24s %-9s %-10s %8s  %s\n", "TENANT", "SCHEDULE",
                "RECIPIENTS", "WEEK", "STATE", "ATTEMPTS",
                "SENT / NEXT TRY / ERROR");
  }
  for (const auto& t : *tenants) {
    auto settings = DigestSettingsOf(app, t);
    if (!settings) return Fail(settings.error().message);
    std::string schedule = std::string(kDays[settings->weekday()]) + " " +
                           (settings->hour() < 10 ? "0" : "") +
                           std::to_string(settings->hour()) + ":00 " +
                           settings->time_zone();
    std::string to;
    for (const auto& r : settings->recipients()) {
      to += (to.empty() ? "" : ",") + r;
    }
    if (to.empty()) to = "(none: not sent)";
    boost::json::array weeks;
    bool any = false;
    for (const auto& r : *sends) {
      if (r.tenant_id != t.id) continue;
      weeks.push_back(
          boost::json::object{{"week", r.week},
                              {"state", r.state},
                              {"attempts", r.attempts},
                              {"sent_at", r.sent_at},
                              {"next_attempt_at", r.next_attempt_at},
                              {"last_error", r.last_error},
                              {"message_id", r.message_id}});
      if (in.Get("format") == "json") continue;
      std::string detail = r.state == "sent" ? UtcMinute(r.sent_at)
                           : r.state == "failed"
                               ? UtcMinute(r.next_attempt_at) + " " +
                                     common::Printable(r.last_error, 80)
                               : common::Printable(r.last_error, 80);
      std::printf("%-16s %-28s %-24s %-9s %-10s %8lld  %s\n",
                  any ? "" : t.name.c_str(), any ? "" : schedule.c_str(),
                  any ? "" : common::Printable(to, 24).c_str(), r.week.c_str(),
                  r.state.c_str(), static_cast<long long>(r.attempts),
                  detail.c_str());
      any = true;
    }
    if (in.Get("format") == "json") {
      out.push_back(boost::json::object{{"tenant", t.name},
                                        {"weekday", settings->weekday()},
                                        {"hour", settings->hour()},
                                        {"time_zone", settings->time_zone()},
                                        {"recipients", to},
                                        {"sends", std::move(weeks)}});
    } else if (!any) {
      std::printf("%-16s %-28s %-24s %-9s %-10s %8s\n", t.name.c_str(),
                  schedule.c_str(), common::Printable(to, 24).c_str(), "-",
                  "never", "0");
    }
  }
  if (in.Get("format") == "json") {
    std::printf("%s\n", boost::json::serialize(out).c_str());
  }
  return 0;
}

}  // namespace

void AddDigestCommands(cli::Program& p) {
  p.Add({"digest preview",
         "--tenant NAME [--week 2026-W47] [--format html|text|eml|json] "
         "[-o FILE]",
         "A tenant's weekly digest, as it would be sent.",
         "The week is an ISO week in the tenant's time zone (policy "
         "digest.time_zone, default UTC); without --week, the last complete "
         "one. html: a standalone page (chart inline); text: the plain-text "
         "part; eml: the whole e-mail (multipart/alternative, the chart as a "
         "cid: image), to open in a mail client; json: the data behind it. "
         "Every figure can be reproduced from the API for the same week "
         "(README \"Weekly digest\").\n",
         [](cli::po::options_description& o) {
           TenantOptions(o);
           o.add_options()("week",
                           cli::po::value<std::string>()->value_name("WEEK"),
                           "ISO week, e.g. 2026-W47.")(
               "format", cli::po::value<std::string>()->value_name("FORMAT"),
               "html (default), text, eml or json.")(
               "output,o", cli::po::value<std::string>()->value_name("FILE"),
               "Write here instead of standard output.")(
               "server-url", cli::po::value<std::string>()->value_name("URL"),
               "The server's public URL, for links to full listings.");
         },
         {},
         0,
         0,
         Preview});
  p.Add({"digest send",
         "--tenant NAME [--week 2026-W47] [--to ADDR]... --smtp-url URL "
         "[mail options]",
         "Sends a tenant's weekly digest now.",
         "To --to (repeatable) or the tenant's recipients (policy "
         "digest.recipients). Outside the server's schedule: its record of "
         "sent weeks is not touched. STARTTLS is required unless "
         "--smtp-allow-plain. Mail options may come from a server "
         "configuration file (--config, its smtp section).\n",
         [](cli::po::options_description& o) {
           TenantOptions(o);
           o.add_options()("week",
                           cli::po::value<std::string>()->value_name("WEEK"),
                           "ISO week (default: the last complete one).")(
               "to",
               cli::po::value<std::vector<std::string>>()->value_name("ADDR"),
               "Recipient, instead of the tenant's (repeatable).")(
               "config", cli::po::value<std::string>()->value_name("FILE"),
               "Server configuration file (smtp, public_url).");
           AddMailOptions(o);
         },
         {},
         0,
         0,
         Send});
  p.Add({"digest status",
         "[--weeks N] [--format table|json]",
         "Each tenant's digest schedule and its latest deliveries.",
         "Per tenant: weekday, hour and time zone, recipients, and for the "
         "latest --weeks weeks (default 4) whether the digest was sent, is "
         "being retried (next attempt and the mail server's answer) or was "
         "abandoned after 8 attempts.\n",
         [](cli::po::options_description& o) {
           AddStoreOptions(o);
           CatalogOption(o);
           o.add_options()("weeks",
                           cli::po::value<cli::Uint>()->value_name("N"),
                           "Weeks per tenant (default 4).");
           FormatOption(o);
         },
         {},
         0,
         0,
         Status});
}

}  // namespace surveyor::service
