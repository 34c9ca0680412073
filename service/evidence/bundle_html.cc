#include "service/evidence/bundle_html.h"

#include "common/html.h"
#include "service/evidence/bundle_oscal.h"
#include "service/evidence/days.h"

namespace surveyor::evidence {
namespace {

constexpr std::size_t kExceptionsShown = 50;

std::string E(std::string_view s) { return common::HtmlEscape(s); }

std::string Status(bool ok) {
  return ok ? "<span class=ok>satisfied</span>"
            : "<span class=bad>not satisfied</span>";
}

constexpr const char* kStyle =
    "body{font-family:Arial,Helvetica,sans-serif;color:#222;margin:2em;"
    "max-width:75em}table{border-collapse:collapse;margin:.5em 0 1.5em}"
    "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;"
    "vertical-align:top}th{background:#f0f0f0}.ok{color:#1a7f37;"
    "font-weight:bold}.bad{color:#c62828;font-weight:bold}.note{color:#555}"
    "h2{margin-top:2em;border-bottom:1px solid #ccc}";

}  // namespace

std::string IndexHtml(const BundleModel& m) {
  const Assessment& a = m.assessment;
  const std::string fw(FrameworkName(a.framework));
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>";
  h += E("Evidence: " + m.tenant + ", " + fw);
  h += "</title><style>";
  h += kStyle;
  h += "</style></head><body>\n";
  h += "<h1>" + E(fw) + " evidence for " + E(m.tenant) + "</h1>\n";
  h += "<p>Period " + FormatDay(a.from) + " to " + FormatDay(a.to) +
       " (UTC days). Sampled days evaluated: ";
  for (std::size_t i = 0; i < a.evaluated.size(); ++i) {
    h += (i ? ", " : "") + FormatDay(a.evaluated[i]);
  }
  if (a.evaluated.empty()) h += "none";
  h += ".</p>\n";
  if (!a.missing.empty()) {
    h += "<p class=bad>Sampled days not evaluated:</p><ul>";
    for (const auto& [day, why] : a.missing) {
      h += "<li>" + FormatDay(day) + ": " + E(why) + "</li>";
    }
    h += "</ul>\n";
  }
  h += "<p class=note>Population: every host of the tenant enrolled by the "
       "end of a sampled day and not retired before it began, silent ones "
       "included (" +
       std::to_string(a.population.size()) +
       " hosts over the sampled days). Each host is tested against the state "
       "Surveyor recorded as of the end of the day; a host that did not "
       "report that day is tested on the state of its last report, marked "
       "with its age in days. Times the agent reports (backups, signatures) "
       "are corrected by the agent's measured clock skew when it exceeds " +
       std::to_string(kSkewToleranceS / 60) + " minutes.</p>\n";

  h += "<h2>Controls</h2>\n<table><tr><th>Control</th><th>Title</th>"
       "<th>Status</th><th>Days evaluated</th><th>Lowest pass rate</th></tr>\n";
  for (const ControlResult& cr : a.controls) {
    std::string lowest = "-";
    double low = 2;
    for (const ControlDay& cd : cr.days) {
      const auto total = cd.passing + cd.failing + cd.no_record;
      if (total == 0) continue;
      const double rate = static_cast<double>(cd.passing) / total;
      if (rate < low) {
        low = rate;
        lowest = std::to_string(cd.passing) + "/" + std::to_string(total) +
                 " on " + FormatDay(cd.day);
      }
    }
    h += "<tr><td><a href=\"#control-" +
         OscalControlId(a.framework, cr.control.id) + "\">" + E(cr.control.id) +
         "</a></td><td>" + E(cr.control.title) + "</td><td>" +
         Status(cr.satisfied) + "</td><td>" + std::to_string(cr.days.size()) +
         "</td><td>" + lowest + "</td></tr>\n";
  }
  h += "</table>\n";

  for (const ControlResult& cr : a.controls) {
    h += "<h2 id=\"control-" + OscalControlId(a.framework, cr.control.id) +
         "\">" + E(cr.control.id + " " + cr.control.title) + "</h2>\n";
    h += "<p>Status: " + Status(cr.satisfied) + "</p><p>Test: ";
    for (std::size_t i = 0; i < cr.control.tests.size(); ++i) {
      h += (i ? "; and " : "") +
           E(DescribeTest(cr.control.tests[i], a.thresholds));
    }
    h += ".</p>\n<table><tr><th>Day</th><th>Population</th><th>Passing</th>"
         "<th>Failing</th><th>No record</th><th>Exceptions</th></tr>\n";
    for (const ControlDay& cd : cr.days) {
      h += "<tr><td>" + FormatDay(cd.day) + "</td><td>" +
           std::to_string(cd.passing + cd.failing + cd.no_record) +
           "</td><td>" + std::to_string(cd.passing) + "</td><td>" +
           std::to_string(cd.failing) + "</td><td>" +
           std::to_string(cd.no_record) + "</td><td>";
      std::size_t shown = 0;
      for (const auto& [id, why] : cd.exceptions) {
        if (shown++ == kExceptionsShown) {
          h += "and " +
               std::to_string(cd.exceptions.size() - kExceptionsShown) +
               " more in csv/control_state.csv";
          break;
        }
        const HostRecord* host = FindHost(m, id);
        h += "<b>" + E(host ? host->hostname : std::to_string(id)) +
             "</b>: " + E(why) + "<br>";
      }
      if (cd.exceptions.empty()) h += "none";
      h += "</td></tr>\n";
    }
    if (cr.days.empty()) {
      h += "<tr><td colspan=6>No sampled day could be evaluated.</td></tr>\n";
    }
    h += "</table>\n";
  }

  h += "<h2>Population</h2>\n<table><tr><th>Host</th><th>Agent</th>"
       "<th>OS</th><th>First seen</th><th>Last report</th><th>Retired</th>"
       "</tr>\n";
  for (const HostRecord& host : a.population) {
    const auto it = m.assets.find(host.id);
    std::string last;
    if (it != m.assets.end() && it->second.last_report) {
      last = FormatDay(it->second.last_report->day);
    }
    h += "<tr><td>" + E(host.hostname) + "</td><td>" + E(host.agent_id) +
         "</td><td>" + E(host.os) + "</td><td>" +
         FormatInstant(host.enrolled_at) + "</td><td>" +
         (last.empty() ? "never" : last) + "</td><td>" +
         (host.retired_at > 0 && host.retired_at <= DayEnd(a.to)
              ? FormatInstant(host.retired_at)
              : "") +
         "</td></tr>\n";
  }
  h += "</table>\n";

  h += "<h2>Findings history</h2>\n<p class=note>Findings on these controls "
       "open at some time in the period: when each was found and when it "
       "was fixed.</p>\n<table><tr><th>Finding</th><th>Severity</th>"
       "<th>Controls</th><th>Opened</th><th>Resolved</th></tr>\n";
  for (const FindingRecord& f : m.findings) {
    std::string controls;
    for (const auto& c : f.controls)
      controls += (controls.empty() ? "" : ", ") + c;
    h += "<tr><td>" + E(f.title) + "</td><td>" + E(f.severity) + "</td><td>" +
         E(controls) + "</td><td>" + FormatInstant(f.opened) + "</td><td>" +
         (f.resolved > 0 ? FormatInstant(f.resolved) : "open at period end") +
         "</td></tr>\n";
  }
  if (m.findings.empty()) h += "<tr><td colspan=5>None.</td></tr>\n";
  h += "</table>\n";

  h += "<h2>Files and verification</h2>\n<ul>"
       "<li><code>csv/assets.csv</code>: the population with first and last "
       "seen, OS and hardware.</li>"
       "<li><code>csv/software.csv</code>: each host's software at the "
       "period's end, with when Surveyor first saw it.</li>"
       "<li><code>csv/control_state.csv</code>: each host's state and test "
       "outcomes per sampled day.</li>"
       "<li><code>csv/findings.csv</code>: the findings history.</li>"
       "<li><code>oscal/assessment-results.json</code>: these results in "
       "NIST OSCAL 1.0.6.</li></ul>\n"
       "<p>Every file is listed with its SHA-256 in <code>MANIFEST.sha256"
       "</code>, signed with the server's Ed25519 evidence key in <code>"
       "MANIFEST.sha256.sig</code>. Check them with stock tools, comparing "
       "the public key with the one the MSP publishes (<code>surveyor-server"
       " evidence key show</code>):</p>\n<pre>sha256sum --strict -c "
       "MANIFEST.sha256\n"
       "openssl pkeyutl -verify -pubin -inkey evidence-public-key.pem -rawin "
       "-in MANIFEST.sha256 -sigfile MANIFEST.sha256.sig</pre>\n";
  h += "</body></html>\n";
  return h;
}

}  // namespace surveyor::evidence
