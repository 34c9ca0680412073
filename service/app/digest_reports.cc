#include "service/app/digest_reports.h"

#include <algorithm>
#include <boost/json.hpp>

#include "common/logging.h"
#include "common/random.h"
#include "common/snapshot_delta.h"
#include "service/app/json_views.h"
#include "service/digest/digest_builder.h"
#include "service/digest/document.h"
#include "service/digest/mime.h"
#include "service/digest/png_chart.h"
#include "service/digest/render.h"
#include "service/domain/change_pairing.h"
#include "service/findings/policy.h"

namespace surveyor::service {

using common::Error;
using common::ErrorCode;
using common::Fail;

namespace {

constexpr int kTrendWeeks = 12;
constexpr const char* kChartId = "trend@surveyor";

std::string Subject(const digest::Digest& d) {
  std::string s = "Surveyor weekly digest: " + d.tenant + ", " +
                  digest::FormatIsoWeek(d.week);
  if (d.score) s += ", health " + std::to_string(*d.score) + "/100";
  return s;
}

}  // namespace

std::expected<DigestFormat, Error> ParseDigestFormat(std::string_view name) {
  if (name == "html") return DigestFormat::kHtml;
  if (name == "text") return DigestFormat::kText;
  if (name == "eml") return DigestFormat::kEml;
  if (name == "json") return DigestFormat::kJson;
  return Fail(ErrorCode::kInvalidArgument, "unknown digest format '" +
                                               common::Printable(name) +
                                               "' (html, text, eml or json)");
}

v1::DigestSettings DigestSettingsOf(const v1::TenantPolicy& policy) {
  v1::DigestSettings s = policy.digest();
  if (s.time_zone().empty()) s.set_time_zone("UTC");
  if (s.weekday() == 0) s.set_weekday(1);
  if (!s.has_hour()) s.set_hour(8);
  return s;
}

std::expected<v1::DigestSettings, Error> DigestSettingsOf(
    Application& app, const Tenant& tenant) {
  SURVEYOR_ASSIGN_OR_RETURN(auto view, app.ShowPolicy(tenant.id));
  return DigestSettingsOf(view.policy);
}

std::expected<digest::Digest, Error> BuildTenantDigest(
    Application& app, const Tenant& tenant,
    std::optional<digest::IsoWeek> week) {
  if (app.catalog() == nullptr) {
    return Fail(ErrorCode::kUnsupported,
                "the digest needs the catalog (findings engine)");
  }
  Store& store = app.store();
  SURVEYOR_ASSIGN_OR_RETURN(auto view, app.ShowPolicy(tenant.id));
  const std::string zone = DigestSettingsOf(view.policy).time_zone();
  const std::int64_t now = app.Now();
  if (!week) {
    SURVEYOR_ASSIGN_OR_RETURN(auto current, digest::WeekOf(now, zone));
    week = digest::PreviousWeek(current);
  }
  digest::DigestInputs in;
  in.tenant = tenant.name;
  in.time_zone = zone;
  in.week = *week;
  in.now = now;
  SURVEYOR_ASSIGN_OR_RETURN(in.window, digest::Window(*week, zone));
  SURVEYOR_ASSIGN_OR_RETURN(in.first_day,
                            digest::LocalDate(in.window.start, zone));
  SURVEYOR_ASSIGN_OR_RETURN(in.last_day,
                            digest::LocalDate(in.window.end - 1, zone));
  digest::IsoWeek w = *week;
  for (int i = 1; i < kTrendWeeks; ++i) {
    w = digest::PreviousWeek(w);
    SURVEYOR_ASSIGN_OR_RETURN(auto window, digest::Window(w, zone));
    in.earlier.insert(in.earlier.begin(), {w, window});
  }
  in.policy = findings::Effective(view.policy, *app.catalog());
  SURVEYOR_ASSIGN_OR_RETURN(in.hosts, store.Hosts(tenant.id));
  std::int64_t first = 0;
  for (const auto& h : in.hosts) {
    if (h.enrolled_at > 0 && (first == 0 || h.enrolled_at < first)) {
      first = h.enrolled_at;
    }
  }
  if (first > 0) {
    SURVEYOR_ASSIGN_OR_RETURN(auto base, digest::WeekOf(first, zone));
    SURVEYOR_ASSIGN_OR_RETURN(auto window, digest::Window(base, zone));
    in.baseline = {{base, window}};
  }
  SURVEYOR_ASSIGN_OR_RETURN(in.findings, store.ListFindings(tenant.id, false));
  // The week's history once: paired into changes, and its installs checked
  // against what the tenant had when the week began (one indexed look-up
  // per installed package name, not a scan of every inventory).
  SURVEYOR_ASSIGN_OR_RETURN(
      auto rows,
      store.HistoryBetween(tenant.id, in.window.start, in.window.end));
  std::set<std::pair<std::int64_t, std::string>> installed;
  for (const auto& r : rows) {
    if (!r.initial && r.first_seen >= in.window.start) {
      installed.emplace(r.key.source, r.key.name);
    }
  }
  for (const auto& [source, name] : installed) {
    SURVEYOR_ASSIGN_OR_RETURN(
        bool had,
        store.SoftwarePresentAt(tenant.id, source, name, in.window.start));
    if (had) {
      in.present_at_start.emplace(
          std::string(common::PackageSourceName(static_cast<int>(source))),
          name);
    }
  }
  in.changes = PairChanges(rows, in.window.start, in.window.end);
  for (const auto& h : in.hosts) {
    if (!digest::InServiceAt(h, in.window.end)) continue;
    SURVEYOR_ASSIGN_OR_RETURN(auto stored, store.LoadSection(h.id, "backup"));
    if (stored && stored->section.has_backup()) {
      in.backups.emplace_back(h.hostname, stored->section.backup());
    }
  }
  SURVEYOR_ASSIGN_OR_RETURN(auto saas, app.Saas(tenant.id, std::nullopt));
  if (!saas.connectors.empty()) in.saas = std::move(saas);
  return digest::BuildDigest(in, *app.catalog());
}

std::expected<std::string, Error> RenderDigest(
    const digest::Digest& d, DigestFormat format,
    const DigestRenderOptions& options) {
  if (format == DigestFormat::kJson) {
    return boost::json::serialize(DigestJson(d)) + "\n";
  }
  auto doc = digest::Layout(d, {options.server_url});
  if (format == DigestFormat::kText) return digest::RenderText(doc);
  SURVEYOR_ASSIGN_OR_RETURN(auto png, digest::TrendChartPng(d.trend));
  if (format == DigestFormat::kHtml) {
    // A standalone file carries its chart inline.
    return digest::RenderHtml(doc,
                              "data:image/png;base64," + common::Base64(png));
  }
  digest::MailMessage m;
  m.from = options.from;
  m.to = options.to;
  m.subject = Subject(d);
  m.text = digest::RenderText(doc);
  m.html = digest::RenderHtml(doc, std::string("cid:") + kChartId);
  m.images.push_back({kChartId, "health-trend.png", std::move(png)});
  m.date = d.generated_at;
  // Replies to the sender asking to stop: someone at the MSP acts on it.
  const std::string sender = digest::AddressOf(options.from);
  if (digest::PlainAddress(sender)) {
    m.list_unsubscribe =
        "mailto:" + sender + "?subject=unsubscribe%20digest%20" + d.tenant;
  }
  m.message_id = !options.message_id.empty()
                     ? options.message_id
                     : "digest." + digest::FormatIsoWeek(d.week) + "." +
                           std::to_string(d.generated_at) + "." + d.tenant +
                           "@surveyor";
  return digest::BuildMime(m);
}

}  // namespace surveyor::service
