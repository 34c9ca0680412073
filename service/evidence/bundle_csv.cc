#include "service/evidence/bundle_csv.h"

#include "common/logging.h"
#include "service/evidence/days.h"

namespace surveyor::evidence {
namespace {

std::string Cell(std::string_view raw) {
  std::string s = common::Printable(raw, 4096);
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                     s[0] == '\t')) {
    // A number like -3 stays a number.
    bool numeric = s.size() > 1 && s[0] == '-';
    for (std::size_t i = 1; numeric && i < s.size(); ++i) {
      numeric = (s[i] >= '0' && s[i] <= '9') || s[i] == '.';
    }
    if (!numeric) s.insert(0, 1, '\'');
  }
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::string Tri(v1::TriState s) {
  switch (s) {
    case v1::TRI_STATE_YES:
      return "yes";
    case v1::TRI_STATE_NO:
      return "no";
    default:
      return "unknown";
  }
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

}  // namespace

std::string CsvRecord(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += Cell(fields[i]);
  }
  return out + "\r\n";
}

std::string AssetsCsv(const BundleModel& m) {
  std::string out = CsvRecord({"agent_id", "hostname", "os", "architecture",
                               "hardware", "first_seen", "last_report_day",
                               "retired_at", "status_at_period_end"});
  const std::int64_t end = DayEnd(m.assessment.to);
  for (const HostRecord& h : m.assessment.population) {
    const auto it = m.assets.find(h.id);
    const AssetDetails none;
    const AssetDetails& a = it == m.assets.end() ? none : it->second;
    std::string status = "in service";
    if (h.retired_at > 0 && h.retired_at <= end) {
      status = "retired";
    } else if (!a.last_report) {
      status = "never reported";
    } else if ((m.assessment.to - a.last_report->day) * kDay >
               m.assessment.thresholds.report_max_age_s) {
      status = "silent";
    }
    out += CsvRecord({h.agent_id, h.hostname, h.os, a.architecture, a.hardware,
                      FormatInstant(h.enrolled_at),
                      a.last_report ? FormatDay(a.last_report->day) : "",
                      h.retired_at > 0 && h.retired_at <= end
                          ? FormatInstant(h.retired_at)
                          : "",
                      status});
  }
  return out;
}

std::string ControlStateCsv(const BundleModel& m) {
  std::vector<std::string> header = {
      "day",          "agent_id",     "hostname",           "last_report",
      "carried_days", "clock_skew_s", "anti_malware",       "disk_encrypted",
      "firewall",     "auto_updates", "backup_last_success"};
  for (int t = 0; t < kTestCount; ++t) {
    header.emplace_back(TestId(static_cast<Test>(t)));
    header.emplace_back(std::string(TestId(static_cast<Test>(t))) + "_detail");
  }
  std::string out = CsvRecord(header);
  const Assessment& a = m.assessment;
  for (std::size_t d = 0; d < a.evaluated.size(); ++d) {
    for (const HostDay& hd : a.host_days[d]) {
      const HostRecord* h = FindHost(m, hd.host_id);
      std::vector<std::string> row = {
          FormatDay(a.evaluated[d]),
          h ? h->agent_id : "",
          h ? h->hostname : "",
          hd.report ? FormatDay(hd.report->day) : "",
          hd.report ? std::to_string(hd.carried_days) : "",
          hd.report ? std::to_string(hd.report->skew_s) : ""};
      if (hd.state) {
        const v1::ControlState& s = hd.state->state;
        std::vector<std::string> products;
        for (const auto& p : s.anti_malware()) {
          products.push_back(p.product() + (p.active() ? "" : " (inactive)"));
        }
        row.push_back(Join(products, "; "));
        row.push_back(Tri(s.disk_encrypted()));
        row.push_back(Tri(s.firewall_enabled()));
        row.push_back(Tri(s.auto_updates()));
        row.push_back(s.has_backup_last_success()
                          ? FormatInstant(s.backup_last_success().seconds())
                          : "");
      } else {
        row.insert(row.end(), 5, "");
      }
      for (const TestResult& r : hd.tests) {
        row.emplace_back(OutcomeName(r.outcome));
        row.push_back(r.detail);
      }
      out += CsvRecord(row);
    }
  }
  return out;
}

std::string FindingsCsv(const BundleModel& m) {
  std::string out = CsvRecord({"key", "kind", "severity", "title", "hosts",
                               "controls", "opened", "resolved"});
  for (const FindingRecord& f : m.findings) {
    out += CsvRecord({f.key, f.kind, f.severity, f.title, Join(f.hosts, "; "),
                      Join(f.controls, "; "), FormatInstant(f.opened),
                      FormatInstant(f.resolved)});
  }
  return out;
}

std::string SoftwareCsvHeader() {
  return CsvRecord({"agent_id", "hostname", "source", "name", "version",
                    "architecture", "publisher", "installed_at", "first_seen",
                    "present_at_enrollment"});
}

std::string SoftwareCsvRecord(std::string_view agent_id,
                              std::string_view hostname,
                              std::string_view source, std::string_view name,
                              std::string_view version, std::string_view arch,
                              std::string_view publisher,
                              std::int64_t installed_at,
                              std::int64_t first_seen, bool at_enrollment) {
  return CsvRecord({std::string(agent_id), std::string(hostname),
                    std::string(source), std::string(name),
                    std::string(version), std::string(arch),
                    std::string(publisher), FormatInstant(installed_at),
                    FormatInstant(first_seen), at_enrollment ? "yes" : "no"});
}

}  // namespace surveyor::evidence
