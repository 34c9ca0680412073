#include "collectors/backup/file_history.h"

#include "collectors/backup/backup_status.h"

namespace surveyor::collectors::backup {

v1::BackupJob FileHistoryJob(const FileHistoryConfig& config,
                             const FileHistoryState& state,
                             std::chrono::system_clock::time_point now,
                             std::chrono::seconds default_interval) {
  v1::BackupJob job;
  job.set_product("File History");
  job.set_job_id(config.user_name);
  job.set_target(config.target_url.empty() ? config.target_name
                                           : config.target_url);
  if (config.target_drive_type == "REMOTE") {
    job.set_target_kind(v1::BACKUP_TARGET_KIND_NETWORK);
  } else if (config.target_drive_type == "FIXED" ||
             config.target_drive_type == "REMOVABLE") {
    job.set_target_kind(v1::BACKUP_TARGET_KIND_LOCAL);
  }
  job.set_schedule_interval_seconds(config.frequency_seconds);
  if (state.protected_up_to) {
    if (auto t = FileTimeToUnix(*state.protected_up_to)) {
      job.mutable_last_success()->set_seconds(*t);
      *job.mutable_last_attempt() = job.last_success();
      job.set_last_result(v1::BACKUP_RESULT_SUCCESS);
    }
  }
  if (state.disabled_by_policy) {
    job.set_error("File History is turned off by group policy");
  } else if (config.status != "ENABLED") {
    job.set_error(
        "File History is turned off (DPStatus " +
        (config.status.empty() ? std::string("missing") : config.status) + ")");
  } else if (!state.protected_up_to) {
    job.set_error(
        "last backup time unknown: it is in the user's registry hive, "
        "loaded only while the user is logged on");
  }
  JudgeBackup(job, now, default_interval, state.protected_up_to.has_value());
  return job;
}

}  // namespace surveyor::collectors::backup
