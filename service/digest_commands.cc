// surveyor-server digest preview: a tenant's weekly digest as HTML, plain
// text, an e-mail message (.eml) or JSON. The use case is
// service/app/digest_reports.h, shared with the API.
#include <cstdio>
#include <fstream>

#include "common/logging.h"
#include "service/app/digest_reports.h"
#include "service/cli.h"

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
}

}  // namespace surveyor::service
