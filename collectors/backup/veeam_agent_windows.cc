#include "collectors/backup/veeam_agent_windows.h"

#include <map>

#include "collectors/backup/backup_status.h"
#include "common/printable.h"

namespace surveyor::collectors::backup {
namespace {

using windows::EventLevel;
using windows::EventRecord;

constexpr std::uint32_t kStarted = 110;
constexpr std::uint32_t kFinished = 190;
constexpr std::uint32_t kRetry = 191;
constexpr std::string_view kProduct = "Veeam Agent for Windows";
constexpr std::string_view kDefaultJob = "Veeam Agent";

std::string_view FirstLine(std::string_view s) {
  return s.substr(0, s.find_first_of("\r\n"));
}

v1::BackupResult Outcome(const EventRecord& r) {
  if (r.event_id == kStarted) return v1::BACKUP_RESULT_RUNNING;
  if (r.event_id == kRetry) return v1::BACKUP_RESULT_FAILED;
  switch (r.level) {
    case EventLevel::kInformation:
    case EventLevel::kLogAlways:
      return v1::BACKUP_RESULT_SUCCESS;
    case EventLevel::kWarning:
      return v1::BACKUP_RESULT_WARNING;
    case EventLevel::kError:
    case EventLevel::kCritical:
      return v1::BACKUP_RESULT_FAILED;
    default:
      return v1::BACKUP_RESULT_UNKNOWN;
  }
}

}  // namespace

std::string VeeamAgentJobName(std::string_view message) {
  std::string_view s = FirstLine(message);
  constexpr std::string_view kPrefix = "Veeam Agent ";
  if (!s.starts_with(kPrefix)) return {};
  s.remove_prefix(kPrefix.size());
  std::size_t end = std::string_view::npos;
  for (std::string_view tail : {" finished with ", " has been started"}) {
    end = std::min(end, s.rfind(tail));
  }
  if (end == std::string_view::npos || end == 0) return {};
  s = s.substr(0, end);
  if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') &&
      s.back() == s.front()) {
    s = s.substr(1, s.size() - 2);
  }
  return common::Printable(s, 120);
}

std::vector<v1::BackupJob> VeeamAgentJobs(
    const std::vector<EventRecord>& newest_first,
    std::chrono::system_clock::time_point now,
    std::chrono::seconds default_interval) {
  std::map<std::string, v1::BackupJob> jobs;
  for (const EventRecord& r : newest_first) {
    std::string name = VeeamAgentJobName(r.message);
    if (name.empty()) name = kDefaultJob;
    auto [it, first] = jobs.try_emplace(name);
    v1::BackupJob& job = it->second;
    const v1::BackupResult outcome = Outcome(r);
    if (first) {
      job.set_product(std::string(kProduct));
      job.set_job_id(name);
      job.mutable_last_attempt()->set_seconds(r.time_created);
      job.set_last_result(outcome);
      if (outcome == v1::BACKUP_RESULT_FAILED) {
        job.set_error(common::Printable(FirstLine(r.message), 300));
      }
    }
    if (!job.has_last_success() && r.event_id == kFinished &&
        (outcome == v1::BACKUP_RESULT_SUCCESS ||
         outcome == v1::BACKUP_RESULT_WARNING)) {
      job.mutable_last_success()->set_seconds(r.time_created);
    }
  }
  if (jobs.empty()) {
    v1::BackupJob& job = jobs[std::string(kDefaultJob)];
    job.set_product(std::string(kProduct));
    job.set_job_id(std::string(kDefaultJob));
    job.set_error("no backup job has finished: no event 190 in the '" +
                  std::string(kVeeamAgentLog) + "' log");
  }
  std::vector<v1::BackupJob> out;
  for (auto& [name, job] : jobs) {
    JudgeBackup(job, now, default_interval, /*read_ok=*/true);
    out.push_back(std::move(job));
  }
  return out;
}

}  // namespace surveyor::collectors::backup
