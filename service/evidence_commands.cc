// surveyor-server evidence export|verify|key show: a tenant's signed
// compliance evidence bundle for one framework and period, checking one,
// and the public half of the signing key for auditors. The use cases are
// service/app/evidence_export.h (shared with the API).
#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/identity_key.h"
#include "common/logging.h"
#include "common/time_util.h"
#include "service/app/evidence_export.h"
#include "service/cli.h"
#include "service/evidence/days.h"
#include "service/evidence/evidence_key.h"

namespace surveyor::service {
namespace {

namespace ev = evidence;

int Export(const cli::Invocation& in) {
  auto request = ParseEvidenceRequest(
      in.Get("framework"), in.Get("from"), in.Get("to"), in.Get("days"),
      in.Has("sample-days") ? std::to_string(in.GetUint("sample-days", 0))
                            : "");
  if (!request) return Fail(request.error().message);
  const std::string out = in.Get("output");
  if (out.empty() || out == "-") {
    return Fail("give the bundle's file with -o FILE (it is a zip)");
  }
  auto o = OpenTenant(in);
  if (!o) return Fail(o.error());
  auto key = ev::LoadOrCreateEvidenceKey(EvidenceKeyPath(in, StoreUrl(in)));
  if (!key) return Fail(key.error().message);
  std::unique_ptr<ev::TimestampAuthority> tsa;
  if (in.Has("tsa-url")) {
    tsa = ev::MakeCurlTimestampAuthority(in.Get("tsa-url"),
                                         in.Get("tsa-ca-file"));
  }
  auto written = WriteEvidenceBundle(
      *o->session.app, o->tenant, *request, *key, out, tsa.get(),
      [](const std::string& step) {
        std::fprintf(stderr, "%s\n", common::Printable(step, 300).c_str());
      });
  if (!written) return Fail(written.error().message);
  const auto& a = written->model.assessment;
  int satisfied = 0;
  for (const auto& c : a.controls) satisfied += c.satisfied ? 1 : 0;
  std::printf("%s: %s evidence for %s, %s to %s\n",
              common::Printable(out).c_str(),
              std::string(ev::FrameworkName(a.framework)).c_str(),
              common::Printable(o->tenant.name).c_str(),
              ev::FormatDay(a.from).c_str(), ev::FormatDay(a.to).c_str());
  std::printf("  %zu hosts in the population, %zu sampled days evaluated\n",
              a.population.size(), a.evaluated.size());
  for (const auto& [day, why] : a.missing) {
    std::printf("  not evaluated: %s (%s)\n", ev::FormatDay(day).c_str(),
                why.c_str());
  }
  std::printf("  controls satisfied on every evaluated day: %d of %zu\n",
              satisfied, a.controls.size());
  for (const auto& c : a.controls) {
    std::printf("    %-20s %s\n", c.control.id.c_str(),
                c.satisfied ? "satisfied" : "not satisfied");
  }
  std::printf("  %lld bytes, %zu files, signed by %s\n",
              static_cast<long long>(written->bytes), written->files.size(),
              ev::KeyFingerprint(key->public_raw).c_str());
  return 0;
}

int Verify(const cli::Invocation& in) {
  std::optional<std::string> pub;
  if (in.Has("pubkey")) {
    std::ifstream f(in.Get("pubkey"), std::ios::binary);
    if (!f) return Fail(in.Get("pubkey") + ": cannot read");
    std::stringstream ss;
    ss << f.rdbuf();
    auto raw = common::PublicKeyFromPem(ss.str());
    if (!raw) return Fail(in.Get("pubkey") + ": " + raw.error().message);
    pub = *raw;
  }
  auto report = VerifyEvidenceBundle(in.args[0], pub);
  if (!report) return Fail(report.error().message);
  for (const auto& p : report->problems) {
    std::printf("FAILED %s\n", common::Printable(p, 300).c_str());
  }
  if (report->timestamp) {
    std::printf("time-stamped %s by %s\n",
                common::FormatRfc3339(report->timestamp->time).c_str(),
                report->timestamp->tsa.empty()
                    ? "an RFC 3161 authority"
                    : common::Printable(report->timestamp->tsa).c_str());
  }
  std::printf("%s: %s; %lld files match the signed manifest; key %s (%s)\n",
              common::Printable(in.args[0]).c_str(),
              report->ok ? "OK" : "VERIFICATION FAILED",
              static_cast<long long>(report->files),
              report->fingerprint.c_str(), report->key_source.c_str());
  return report->ok ? 0 : 1;
}

int KeyShow(const cli::Invocation& in) {
  const std::string path = EvidenceKeyPath(in, StoreUrl(in));
  auto key = ev::LoadOrCreateEvidenceKey(path);
  if (!key) return Fail(key.error().message);
  auto pem = common::PublicKeyPem(key->public_raw);
  if (!pem) return Fail(pem.error().message);
  std::fputs(pem->c_str(), stdout);
  std::fprintf(stderr, "%s: fingerprint %s\n", common::Printable(path).c_str(),
               ev::KeyFingerprint(key->public_raw).c_str());
  return 0;
}

}  // namespace

void AddEvidenceCommands(cli::Program& p) {
  p.Add({"evidence export",
         "--tenant NAME --framework cis-v8|soc2|hipaa|iso27001 --from DATE "
         "--to DATE [--sample-days N | --days D1,D2...] -o bundle.zip",
         "A signed compliance evidence bundle for auditors.",
         "Tests every host of the tenant (silent and retired ones included "
         "while they were in service) against the framework's controls on "
         "sampled UTC days of the period, on the state Surveyor recorded as "
         "of the end of each day. Without --days, --sample-days (default 12) "
         "days spread evenly over the period. Days that cannot be answered "
         "(not over yet, outside the kept history) are listed, never "
         "invented. The zip holds index.html, csv/ (assets, software, "
         "control state per day, findings), oscal/assessment-results.json "
         "(NIST OSCAL 1.0.6), MANIFEST.sha256 and its Ed25519 signature. "
         "The same period exported again gives the same bytes (unless time-"
         "stamped: --tsa-url adds an RFC 3161 token over the manifest, "
         "MANIFEST.sha256.tsr). README "
         "\"Evidence for audits\" shows how to check a bundle with stock "
         "tools.\n",
         [](cli::po::options_description& o) {
           TenantOptions(o);
           EvidenceKeyOption(o);
           o.add_options()("framework",
                           cli::po::value<std::string>()->value_name("ID"),
                           "cis-v8, soc2, hipaa or iso27001.")(
               "from", cli::po::value<std::string>()->value_name("DATE"),
               "First day of the period, YYYY-MM-DD (UTC).")(
               "to", cli::po::value<std::string>()->value_name("DATE"),
               "Last day of the period, YYYY-MM-DD (UTC).")(
               "sample-days", cli::po::value<cli::Uint>()->value_name("N"),
               "Days to sample, spread evenly (default 12).")(
               "days", cli::po::value<std::string>()->value_name("D1,D2"),
               "The days to sample instead, e.g. an auditor's choice.")(
               "output,o", cli::po::value<std::string>()->value_name("FILE"),
               "The bundle to write (a zip).");
           TsaOptions(o);
         },
         {},
         0,
         0,
         Export});
  p.Add({"evidence verify",
         "BUNDLE.zip [--pubkey FILE]",
         "Checks a bundle's signature, manifest and every file.",
         "Exit status 0 when the signature over MANIFEST.sha256 matches, "
         "every listed file has its listed SHA-256 and no file is unlisted; "
         "1 otherwise, each problem on its own line. Without --pubkey the "
         "key inside the bundle is used and its fingerprint printed: compare "
         "it with the one the MSP published (evidence key show).\n",
         [](cli::po::options_description& o) {
           o.add_options()("pubkey",
                           cli::po::value<std::string>()->value_name("FILE"),
                           "The signer's public key (PEM) to trust.");
         },
         {"BUNDLE"},
         1,
         1,
         Verify});
  p.Add({"evidence key show",
         "[--evidence-key FILE]",
         "Prints the evidence signing key's public half (PEM).",
         "The key is made on first use (mode 0600). Give the PEM to auditors "
         "(openssl pkeyutl -verify -pubin -inkey FILE ...); its fingerprint "
         "goes to standard error.\n",
         [](cli::po::options_description& o) {
           AddStoreOptions(o);
           EvidenceKeyOption(o);
         },
         {},
         0,
         0,
         KeyShow});
}

}  // namespace surveyor::service
