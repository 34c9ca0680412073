// The assessment of one tenant against one framework over a period: for
// each sampled day, the population (every host enrolled by the end of the
// day and not retired before it began), each host's state as of the end of
// the day (carried from its last report when it did not report that day,
// marked with its age), and each control's pass/fail per host. Pure: the
// caller (service/app/evidence_export.h) reads the store.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/evidence/frameworks.h"
#include "surveyor/v1/evidence.pb.h"

namespace surveyor::evidence {

struct HostRecord {
  std::int64_t id = 0;
  std::string agent_id;
  std::string hostname;
  std::string os;
  std::int64_t enrolled_at = 0;
  std::int64_t retired_at = 0;  // 0: in service
};

// The newest control state stored at or before a day's end.
struct StateAt {
  std::int64_t at = 0;  // server time it was recorded
  v1::ControlState state;
};

// The newest day at or before a sampled day on which the host reported.
struct ReportDay {
  std::int64_t day = 0;
  std::int64_t first_at = 0;  // server time of that day's first report
  std::int64_t skew_s = 0;    // server clock minus agent clock then
};

// What the store knows as of the end of one sampled day, by host id.
struct DayRecords {
  std::int64_t day = 0;
  std::map<std::int64_t, StateAt> states;
  std::map<std::int64_t, ReportDay> reports;
};

// Skews smaller than this are network and queueing delay, not a wrong
// clock: agent times are taken as they are.
inline constexpr std::int64_t kSkewToleranceS = 300;

enum class Outcome { kPass, kFail, kNoRecord };
std::string_view OutcomeName(Outcome o);  // "pass", "fail", "no record"

struct TestResult {
  Outcome outcome = Outcome::kNoRecord;
  std::string detail;  // why, in words: "last backup 9 days before"
};

struct HostDay {
  std::int64_t host_id = 0;
  std::optional<ReportDay> report;  // none: never reported by then
  std::int64_t carried_days = 0;    // days since that report (0: reported)
  std::optional<StateAt> state;
  TestResult tests[kTestCount];  // by Test
};

struct ControlDay {
  std::int64_t day = 0;
  std::int64_t passing = 0, failing = 0, no_record = 0;
  // Host ids that did not pass, with the reasons joined.
  std::vector<std::pair<std::int64_t, std::string>> exceptions;
};

struct ControlResult {
  Control control;
  std::vector<ControlDay> days;  // one per evaluated day
  bool satisfied = false;        // every evaluated day, every host passed
};

struct Assessment {
  Framework framework = Framework::kCisV8;
  std::int64_t from = 0, to = 0;  // days, inclusive
  Thresholds thresholds;
  std::vector<std::int64_t> evaluated;  // sampled days with evidence
  // Sampled days that could not be evaluated, with why.
  std::vector<std::pair<std::int64_t, std::string>> missing;
  std::vector<HostRecord> population;  // every host in it on some day
  // Per evaluated day (same order), the hosts of that day's population.
  std::vector<std::vector<HostDay>> host_days;
  std::vector<ControlResult> controls;
};

// Whether `host` belongs to `day`'s population.
bool InPopulation(const HostRecord& host, std::int64_t day);

// One host's tests on `day` against its records.
HostDay EvaluateHost(const HostRecord& host, std::int64_t day,
                     const DayRecords& records, const Thresholds& th);

// The assessment. `records` holds one entry per day in `evaluated`;
// `missing` the sampled days left out and why.
Assessment Assess(Framework f, std::int64_t from, std::int64_t to,
                  const Thresholds& th, const std::vector<HostRecord>& hosts,
                  const std::vector<DayRecords>& records,
                  std::vector<std::pair<std::int64_t, std::string>> missing);

}  // namespace surveyor::evidence
