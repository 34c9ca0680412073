#include "service/app/evidence_export.h"

#include <openssl/rand.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <set>

#include "common/hash.h"
#include "common/logging.h"
#include "common/snapshot_delta.h"
#include "service/evidence/bundle_csv.h"
#include "service/evidence/bundle_html.h"
#include "service/evidence/bundle_oscal.h"
#include "service/evidence/days.h"
#include "service/evidence/evidence_key.h"
#include "service/evidence/manifest.h"
#include "service/evidence/zip_archive.h"
#include "service/findings/policy.h"

namespace surveyor::service {

using common::Error;
using common::ErrorCode;
using common::Fail;
namespace ev = evidence;

namespace {

constexpr std::int64_t kMaxSampleDays = 366;
constexpr std::int64_t kMaxPeriodDays = 3660;

std::string Hardware(const v1::Section& s) {
  if (!s.has_host()) return {};
  const auto& hw = s.host().hardware();
  std::string out = hw.vendor();
  if (!hw.model().empty()) out += (out.empty() ? "" : " ") + hw.model();
  if (!hw.serial().empty()) out += ", serial " + hw.serial();
  return out;
}

// Why each sampled day cannot be answered, if it cannot.
std::optional<std::string> Unanswerable(std::int64_t day, std::int64_t today,
                                        std::int64_t retained_since) {
  if (day > today) return "in the future";
  if (day == today) return "not over yet (UTC)";
  if (day < retained_since) {
    return "outside the kept history, which starts on " +
           ev::FormatDay(retained_since) + " (--history-retention-days)";
  }
  return std::nullopt;
}

std::vector<std::string> ControlsOf(const v1::Finding& f, ev::Framework fw,
                                    const std::vector<ev::Control>& controls) {
  std::vector<std::string> out;
  for (const ev::Control& c : controls) {
    for (const auto& ref : f.controls()) {
      if (ev::ReferenceBearsOn(fw, c, ref.framework(), ref.id())) {
        out.push_back(c.id);
        break;
      }
    }
  }
  return out;
}

}  // namespace

std::expected<EvidenceRequest, Error> ParseEvidenceRequest(
    const std::string& framework, const std::string& from,
    const std::string& to, const std::string& days,
    const std::string& sample_days) {
  EvidenceRequest r;
  auto fw = ev::ParseFramework(framework);
  if (!fw) {
    return Fail(ErrorCode::kInvalidArgument,
                "unknown framework '" + common::Printable(framework, 40) +
                    "' (one of " + std::string(ev::kFrameworkIds) + ")");
  }
  r.framework = *fw;
  auto f = ev::ParseDay(from);
  auto t = ev::ParseDay(to);
  if (!f || !t) {
    return Fail(ErrorCode::kInvalidArgument,
                "'" + common::Printable(!f ? from : to, 40) +
                    "' is not a date (YYYY-MM-DD) for " +
                    (!f ? "--from" : "--to"));
  }
  if (*t < *f) {
    return Fail(ErrorCode::kInvalidArgument, "--to is before --from");
  }
  if (*t - *f >= kMaxPeriodDays) {
    return Fail(ErrorCode::kInvalidArgument,
                "the period is longer than " + std::to_string(kMaxPeriodDays) +
                    " days");
  }
  r.from = *f;
  r.to = *t;
  if (!days.empty() && !sample_days.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "give --days or --sample-days, not both");
  }
  if (!days.empty()) {
    if (auto bad = ev::ParseDayList(days, r.days)) {
      return Fail(ErrorCode::kInvalidArgument, "--days: " + *bad);
    }
    for (std::int64_t d : r.days) {
      if (d < r.from || d > r.to) {
        return Fail(ErrorCode::kInvalidArgument,
                    "--days: " + ev::FormatDay(d) + " is outside the period");
      }
    }
    if (static_cast<std::int64_t>(r.days.size()) > kMaxSampleDays) {
      return Fail(ErrorCode::kInvalidArgument, "--days: more than 366 days");
    }
  }
  if (!sample_days.empty()) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(
        sample_days.data(), sample_days.data() + sample_days.size(), n);
    if (ec != std::errc() || end != sample_days.data() + sample_days.size() ||
        n < 1 || n > kMaxSampleDays) {
      return Fail(ErrorCode::kInvalidArgument,
                  "--sample-days must be a number from 1 to 366");
    }
    r.sample_days = n;
  }
  return r;
}

std::expected<ev::BundleModel, Error> BuildEvidence(
    Application& app, const Tenant& tenant, const EvidenceRequest& request) {
  if (app.catalog() == nullptr) {
    return Fail(ErrorCode::kUnsupported, "evidence needs the catalog");
  }
  Store& store = app.store();
  SURVEYOR_ASSIGN_OR_RETURN(auto view, app.ShowPolicy(tenant.id));
  const findings::Policy policy =
      findings::Effective(view.policy, *app.catalog());
  ev::Thresholds th;
  th.backup_max_age_s = policy.backup_max_age_s;
  th.signature_max_age_s = policy.signature_max_age_s;
  th.report_max_age_s = policy.stale_agent_s;

  SURVEYOR_ASSIGN_OR_RETURN(auto since_text,
                            store.Meta(kEvidenceRetainedSinceKey));
  std::int64_t retained_since = 0;
  if (!since_text.empty()) {
    std::int64_t cutoff = 0;
    std::from_chars(since_text.data(), since_text.data() + since_text.size(),
                    cutoff);
    retained_since = ev::DayOf(cutoff);
  }
  const std::int64_t today = ev::DayOf(app.Now());
  if (request.from >= today) {
    return Fail(ErrorCode::kInvalidArgument,
                "the period starts on " + ev::FormatDay(request.from) +
                    ", which is not over yet (UTC): nothing to evidence");
  }
  std::vector<std::int64_t> sampled =
      request.days.empty()
          ? ev::SampleDays(request.from, std::min(request.to, today - 1),
                           request.sample_days)
          : request.days;
  std::vector<std::pair<std::int64_t, std::string>> missing;
  std::vector<ev::DayRecords> records;
  for (std::int64_t day : sampled) {
    if (auto why = Unanswerable(day, today, retained_since)) {
      missing.emplace_back(day, *why);
      continue;
    }
    ev::DayRecords rec;
    rec.day = day;
    SURVEYOR_ASSIGN_OR_RETURN(
        auto states, store.ControlStatesAt(tenant.id, ev::DayEnd(day)));
    for (auto& row : states) {
      ev::StateAt s;
      s.at = row.at;
      if (!s.state.ParseFromString(row.state)) {
        return Fail(ErrorCode::kInternal, "stored control state of host " +
                                              std::to_string(row.host_id) +
                                              " does not parse");
      }
      rec.states.emplace(row.host_id, std::move(s));
    }
    SURVEYOR_ASSIGN_OR_RETURN(auto reports, store.ReportDaysAt(tenant.id, day));
    for (const auto& row : reports) {
      rec.reports.emplace(row.host_id,
                          ev::ReportDay{row.day, row.first_at, row.skew});
    }
    records.push_back(std::move(rec));
  }
  if (records.empty()) {
    std::string why;
    for (const auto& [day, reason] : missing) {
      why += (why.empty() ? "" : "; ") + ev::FormatDay(day) + ": " + reason;
    }
    return Fail(ErrorCode::kInvalidArgument,
                "no day of the period can be evaluated (" + why + ")");
  }

  SURVEYOR_ASSIGN_OR_RETURN(auto hosts, store.Hosts(tenant.id));
  std::vector<ev::HostRecord> records_of_hosts;
  for (const Host& h : hosts) {
    records_of_hosts.push_back(
        {h.id, h.agent_id, h.hostname, h.os, h.enrolled_at, h.retired_at});
  }
  ev::BundleModel m;
  m.tenant = tenant.name;
  m.retained_since_day = retained_since;
  m.assessment = ev::Assess(request.framework, request.from, request.to, th,
                            records_of_hosts, records, std::move(missing));
  ev::IndexHosts(m);

  SURVEYOR_ASSIGN_OR_RETURN(
      auto last_reports,
      store.ReportDaysAt(tenant.id, std::min(request.to, today)));
  for (const auto& row : last_reports) {
    m.assets[row.host_id].last_report =
        ev::ReportDay{row.day, row.first_at, row.skew};
  }
  for (const ev::HostRecord& h : m.assessment.population) {
    SURVEYOR_ASSIGN_OR_RETURN(auto section, store.LoadSection(h.id, "host"));
    if (!section) continue;
    auto& a = m.assets[h.id];
    a.hardware = Hardware(section->section);
    if (section->section.has_host()) {
      a.architecture = section->section.host().architecture();
    }
  }

  const auto controls = ev::Controls(request.framework);
  const std::int64_t start = ev::DayStart(request.from);
  const std::int64_t end = ev::DayEnd(request.to);
  SURVEYOR_ASSIGN_OR_RETURN(auto all, store.ListFindings(tenant.id, false));
  for (const v1::Finding& f : all) {
    if (f.first_seen() > end) continue;
    if (f.resolved_at() > 0 && f.resolved_at() < start) continue;
    auto ids = ControlsOf(f, request.framework, controls);
    if (ids.empty()) continue;
    ev::FindingRecord r;
    r.key = f.key();
    r.kind = f.kind();
    r.severity = f.severity();
    r.title = f.title();
    for (const auto& h : f.hosts()) r.hosts.push_back(h.hostname());
    r.controls = std::move(ids);
    r.opened = f.first_seen();
    r.resolved =
        f.resolved_at() > 0 && f.resolved_at() <= end ? f.resolved_at() : 0;
    m.findings.push_back(std::move(r));
  }
  std::sort(m.findings.begin(), m.findings.end(),
            [](const auto& a, const auto& b) {
              return a.opened != b.opened ? a.opened < b.opened : a.key < b.key;
            });
  return m;
}

std::expected<BundleSummary, Error> WriteEvidenceBundle(
    Application& app, const Tenant& tenant, const EvidenceRequest& request,
    const common::IdentityKey& key, const std::string& out_path,
    evidence::TimestampAuthority* tsa,
    const std::function<void(const std::string&)>& progress) {
  auto say = [&](const std::string& what) {
    if (progress) progress(what);
  };
  say("assessing " + std::string(ev::FrameworkName(request.framework)) + " " +
      ev::FormatDay(request.from) + " to " + ev::FormatDay(request.to));
  SURVEYOR_ASSIGN_OR_RETURN(auto model, BuildEvidence(app, tenant, request));
  BundleSummary out;

  // The software inventory can be large: written to a file beside the
  // bundle and hashed as it goes.
  say("writing the software inventory");
  const std::string software_tmp =
      out_path + ".software." + std::to_string(::getpid()) + ".tmp";
  struct Remove {
    std::string path;
    ~Remove() { std::remove(path.c_str()); }
  } cleanup{software_tmp};
  common::Sha256Stream software_sha;
  {
    std::ofstream csv(software_tmp, std::ios::binary | std::ios::trunc);
    if (!csv) {
      return Fail(ErrorCode::kIo, software_tmp + ": cannot create");
    }
    std::map<std::string, const ev::HostRecord*> by_agent;
    for (const auto& h : model.assessment.population) by_agent[h.agent_id] = &h;
    const findings::Catalog& catalog = *app.catalog();
    auto put = [&](const std::string& line) {
      csv << line;
      software_sha.Update(line);
    };
    put(ev::SoftwareCsvHeader());
    SURVEYOR_TRY(app.store().SoftwareAt(
        tenant.id, ev::DayEnd(request.to), [&](const SoftwareAtRow& r) {
          auto it = by_agent.find(r.agent_id);
          if (it == by_agent.end()) return;
          // The catalogued product's vendor names the publisher better than
          // a distribution's maintainer field.
          std::string publisher = r.publisher;
          if (auto src =
                  findings::FromPackageSource(static_cast<int>(r.source))) {
            if (const auto* p = catalog.Match(*src, r.name, r.publisher)) {
              publisher = p->vendor();
            }
          }
          put(ev::SoftwareCsvRecord(
              r.agent_id, it->second->hostname,
              common::PackageSourceName(static_cast<int>(r.source)), r.name,
              r.version, r.arch, publisher, r.installed_at, r.first_seen,
              r.initial));
        }));
    csv.flush();
    if (!csv) return Fail(ErrorCode::kIo, software_tmp + ": write failed");
  }

  say("writing the report, CSVs and OSCAL results");
  SURVEYOR_ASSIGN_OR_RETURN(auto public_pem,
                            common::PublicKeyPem(key.public_raw));
  std::vector<ev::ZipEntry> entries = {
      {"index.html", ev::IndexHtml(model), ""},
      {"csv/assets.csv", ev::AssetsCsv(model), ""},
      {"csv/software.csv", "", software_tmp},
      {"csv/control_state.csv", ev::ControlStateCsv(model), ""},
      {"csv/findings.csv", ev::FindingsCsv(model), ""},
      {"oscal/assessment-results.json", ev::AssessmentResultsJson(model), ""},
      {std::string(ev::kPublicKeyName), public_pem, ""},
  };
  std::vector<std::pair<std::string, std::string>> digests;
  for (const auto& e : entries) {
    digests.emplace_back(e.name,
                         e.source_path.empty()
                             ? common::HexEncode(common::Sha256(e.content))
                             : common::HexEncode(software_sha.Final()));
  }
  const std::string manifest = ev::ManifestText(digests);
  SURVEYOR_ASSIGN_OR_RETURN(auto signature,
                            common::SignWithIdentityKey(key, manifest));
  entries.push_back({std::string(ev::kManifestName), manifest, ""});
  entries.push_back({std::string(ev::kSignatureName), signature, ""});
  if (tsa != nullptr) {
    say("time-stamping the manifest at " + tsa->url());
    unsigned char nonce[8];
    if (RAND_bytes(nonce, sizeof(nonce)) != 1) {
      return Fail(ErrorCode::kInternal, "no random bytes for the nonce");
    }
    SURVEYOR_ASSIGN_OR_RETURN(
        auto query,
        ev::TimestampRequest(
            manifest, std::string_view(reinterpret_cast<char*>(nonce), 8)));
    SURVEYOR_ASSIGN_OR_RETURN(auto reply, tsa->Stamp(query));
    auto checked = ev::CheckTimestampReply(reply, query);
    if (!checked) return std::unexpected(checked.error().Wrap(tsa->url()));
    entries.push_back({std::string(ev::kTimestampName), reply, ""});
  }

  say("writing " + out_path);
  // Stamped with the period's end, not the clock: a re-export of the same
  // period is byte-identical.
  SURVEYOR_TRY(ev::WriteZip(out_path, entries, ev::DayStart(request.to)));
  for (const auto& e : entries) out.files.push_back(e.name);
  std::ifstream written(out_path, std::ios::binary | std::ios::ate);
  out.bytes = static_cast<std::int64_t>(written.tellg());
  out.model = std::move(model);
  return out;
}

std::expected<VerifyReport, Error> VerifyEvidenceBundle(
    const std::string& path, const std::optional<std::string>& public_raw) {
  SURVEYOR_ASSIGN_OR_RETURN(auto zip, ev::ZipReader::Open(path));
  VerifyReport report;
  auto problem = [&](std::string p) {
    report.problems.push_back(std::move(p));
  };
  auto manifest = zip.Read(std::string(ev::kManifestName), 16u << 20);
  auto signature = zip.Read(std::string(ev::kSignatureName), 4096);
  if (!manifest) return std::unexpected(manifest.error());
  if (!signature) return std::unexpected(signature.error());
  std::string key = public_raw.value_or("");
  if (public_raw) {
    report.key_source = "the given public key";
  } else {
    report.key_source =
        "the bundle's own key (compare its fingerprint with the one the MSP "
        "published, or pass --pubkey)";
    SURVEYOR_ASSIGN_OR_RETURN(auto pem,
                              zip.Read(std::string(ev::kPublicKeyName), 4096));
    SURVEYOR_ASSIGN_OR_RETURN(key, common::PublicKeyFromPem(pem));
  }
  report.fingerprint = ev::KeyFingerprint(key);
  if (!common::VerifyIdentitySignature(key, *manifest, *signature)) {
    problem(
        "MANIFEST.sha256: the signature does not match (the manifest was "
        "changed or signed with another key)");
  }
  auto listed = ev::ParseManifest(*manifest);
  if (!listed) {
    problem(listed.error().message);
    return report;
  }
  std::set<std::string> names;
  for (const auto& [name, hex] : *listed) {
    names.insert(name);
    auto actual = zip.Sha256Hex(name);
    if (!actual) {
      problem(common::Printable(name, 100) + ": " + actual.error().message);
    } else if (*actual != hex) {
      problem(common::Printable(name, 100) +
              ": content differs from the manifest");
    } else {
      ++report.files;
    }
  }
  for (const auto& name : zip.names()) {
    if (name == ev::kManifestName || name == ev::kSignatureName ||
        name == ev::kTimestampName) {
      continue;
    }
    if (!names.contains(name)) {
      problem(common::Printable(name, 100) + ": not in the manifest");
    }
  }
  if (std::find(zip.names().begin(), zip.names().end(),
                std::string(ev::kTimestampName)) != zip.names().end()) {
    auto tsr = zip.Read(std::string(ev::kTimestampName), 1u << 20);
    auto stamp = tsr ? ev::ReadTimestampFor(*tsr, *manifest)
                     : std::unexpected(tsr.error());
    if (stamp) {
      report.timestamp = *stamp;
    } else {
      problem("MANIFEST.sha256.tsr: " + stamp.error().message);
    }
  }
  report.ok = report.problems.empty();
  return report;
}

}  // namespace surveyor::service
