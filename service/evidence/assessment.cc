#include "service/evidence/assessment.h"

#include <algorithm>

#include "service/evidence/days.h"

namespace surveyor::evidence {
namespace {

std::string Ago(std::int64_t seconds) {
  if (seconds < 0) return "in the future";
  if (seconds < 2 * 86400) return std::to_string(seconds / 3600) + " h";
  return std::to_string(seconds / 86400) + " days";
}

TestResult Pass(std::string detail) {
  return {Outcome::kPass, std::move(detail)};
}
TestResult Fail(std::string detail) {
  return {Outcome::kFail, std::move(detail)};
}

TestResult TriTest(bool reported, v1::TriState s, const char* yes,
                   const char* no, const char* what) {
  if (!reported) return Fail("no protection report from the agent");
  if (s == v1::TRI_STATE_YES) return Pass(yes);
  if (s == v1::TRI_STATE_NO) return Fail(no);
  return Fail(std::string(what) + " not determined by the agent");
}

// An agent-clock time on the server's clock.
std::int64_t OnServerClock(std::int64_t agent_time, const ReportDay& r) {
  return std::abs(r.skew_s) > kSkewToleranceS ? agent_time + r.skew_s
                                              : agent_time;
}

TestResult AntiMalware(const v1::ControlState& s, const ReportDay& r,
                       std::int64_t end, const Thresholds& th) {
  if (!s.protection_reported()) {
    return Fail("no protection report from the agent");
  }
  if (s.anti_malware().empty()) return Fail("no anti-malware product found");
  std::string active_names;
  bool fresh_or_untold = false;
  std::int64_t newest = -1;
  std::string broken;
  for (const auto& p : s.anti_malware()) {
    if (!p.issues().empty()) {
      broken += (broken.empty() ? "" : "; ") + p.product() + ": " + p.issues(0);
      continue;
    }
    if (!p.active()) continue;
    active_names += (active_names.empty() ? "" : ", ") + p.product();
    if (!p.has_signature_time()) {
      fresh_or_untold = true;
      continue;
    }
    const std::int64_t t = OnServerClock(p.signature_time().seconds(), r);
    newest = std::max(newest, t);
    if (end - t <= th.signature_max_age_s) fresh_or_untold = true;
  }
  if (active_names.empty()) {
    return Fail(!broken.empty()
                    ? broken
                    : s.anti_malware(0).product() + " present but not active");
  }
  if (!fresh_or_untold) {
    return Fail(active_names + ": signatures " + Ago(end - newest) + " old");
  }
  return Pass(active_names + (newest >= 0
                                  ? ", signatures " + Ago(end - newest) + " old"
                                  : ""));
}

TestResult Backup(const v1::ControlState& s, const ReportDay& r,
                  std::int64_t end, const Thresholds& th) {
  if (!s.backup_reported()) return Fail("no backup report from the agent");
  if (s.backup_jobs() == 0) return Fail("no backup job found");
  if (!s.has_backup_last_success()) {
    return Fail("no backup job has ever succeeded");
  }
  const std::int64_t t = OnServerClock(s.backup_last_success().seconds(), r);
  const std::string when =
      "last successful backup " + Ago(end - t) + " before the end of the day";
  return end - t <= th.backup_max_age_s ? Pass(when) : Fail(when);
}

}  // namespace

std::string_view OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kPass:
      return "pass";
    case Outcome::kFail:
      return "fail";
    case Outcome::kNoRecord:
      return "no record";
  }
  return {};
}

bool InPopulation(const HostRecord& host, std::int64_t day) {
  return host.enrolled_at <= DayEnd(day) &&
         (host.retired_at == 0 || host.retired_at > DayStart(day));
}

HostDay EvaluateHost(const HostRecord& host, std::int64_t day,
                     const DayRecords& records, const Thresholds& th) {
  HostDay out;
  out.host_id = host.id;
  if (auto it = records.reports.find(host.id); it != records.reports.end()) {
    out.report = it->second;
    out.carried_days = day - it->second.day;
  }
  if (auto it = records.states.find(host.id); it != records.states.end()) {
    out.state = it->second;
  }
  auto set = [&](Test t, TestResult r) {
    out.tests[static_cast<int>(t)] = std::move(r);
  };
  if (!out.report) {
    for (auto& t : out.tests) {
      t = {Outcome::kNoRecord, "no report received by the end of the day"};
    }
    return out;
  }
  const ReportDay& r = *out.report;
  const std::int64_t end = DayEnd(day);
  const std::int64_t report_age = out.carried_days * kDay;
  const std::string last = "last report " + FormatDay(r.day);
  set(Test::kAssetInventory,
      report_age <= th.inventory_max_age_s
          ? Pass(last)
          : Fail(last + ", " + Ago(report_age) + " old"));
  set(Test::kAgentReporting, report_age <= th.report_max_age_s
                                 ? Pass(last)
                                 : Fail(last + ", silent " + Ago(report_age)));
  if (!out.state) {
    const TestResult none{Outcome::kNoRecord,
                          "no control state recorded by the end of the day"};
    for (Test t :
         {Test::kSoftwareInventory, Test::kDiskEncryption, Test::kFirewall,
          Test::kAutoUpdates, Test::kAntiMalware, Test::kBackup}) {
      set(t, none);
    }
    return out;
  }
  const v1::ControlState& s = out.state->state;
  if (!s.software_reported()) {
    set(Test::kSoftwareInventory, Fail("no software inventory received"));
  } else {
    set(Test::kSoftwareInventory,
        report_age <= th.inventory_max_age_s
            ? Pass(last)
            : Fail(last + ", " + Ago(report_age) + " old"));
  }
  set(Test::kDiskEncryption,
      TriTest(s.protection_reported(), s.disk_encrypted(),
              "system volume encrypted", "system volume not encrypted",
              "disk encryption"));
  set(Test::kFirewall,
      TriTest(s.protection_reported(), s.firewall_enabled(), "firewall enabled",
              "firewall off", "firewall state"));
  set(Test::kAutoUpdates,
      TriTest(s.protection_reported(), s.auto_updates(),
              "automatic updates enabled", "automatic updates off",
              "automatic updates"));
  set(Test::kAntiMalware, AntiMalware(s, r, end, th));
  set(Test::kBackup, Backup(s, r, end, th));
  return out;
}

Assessment Assess(Framework f, std::int64_t from, std::int64_t to,
                  const Thresholds& th, const std::vector<HostRecord>& hosts,
                  const std::vector<DayRecords>& records,
                  std::vector<std::pair<std::int64_t, std::string>> missing) {
  Assessment a;
  a.framework = f;
  a.from = from;
  a.to = to;
  a.thresholds = th;
  a.missing = std::move(missing);
  std::vector<bool> listed(hosts.size(), false);
  for (const DayRecords& rec : records) {
    a.evaluated.push_back(rec.day);
    auto& day_hosts = a.host_days.emplace_back();
    for (std::size_t i = 0; i < hosts.size(); ++i) {
      if (!InPopulation(hosts[i], rec.day)) continue;
      listed[i] = true;
      day_hosts.push_back(EvaluateHost(hosts[i], rec.day, rec, th));
    }
  }
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    if (listed[i]) a.population.push_back(hosts[i]);
  }
  for (Control& c : Controls(f)) {
    ControlResult cr;
    cr.control = std::move(c);
    bool all = !a.evaluated.empty();
    for (std::size_t d = 0; d < a.evaluated.size(); ++d) {
      ControlDay cd;
      cd.day = a.evaluated[d];
      for (const HostDay& hd : a.host_days[d]) {
        Outcome worst = Outcome::kPass;
        std::string why;
        for (Test t : cr.control.tests) {
          const TestResult& r = hd.tests[static_cast<int>(t)];
          if (r.outcome == Outcome::kPass) continue;
          if (worst == Outcome::kPass || r.outcome == Outcome::kFail) {
            worst = r.outcome;
          }
          why += (why.empty() ? "" : "; ") + std::string(TestId(t)) + ": " +
                 r.detail;
        }
        if (worst == Outcome::kPass) {
          ++cd.passing;
          continue;
        }
        ++(worst == Outcome::kFail ? cd.failing : cd.no_record);
        if (hd.report && hd.carried_days > 0) {
          why += " (state from the last report, " + FormatDay(hd.report->day) +
                 ", " + std::to_string(hd.carried_days) + " days earlier)";
        }
        cd.exceptions.emplace_back(hd.host_id, std::move(why));
      }
      if (cd.failing + cd.no_record > 0 || cd.passing == 0) all = false;
      cr.days.push_back(std::move(cd));
    }
    cr.satisfied = all;
    a.controls.push_back(std::move(cr));
  }
  return a;
}

}  // namespace surveyor::evidence
