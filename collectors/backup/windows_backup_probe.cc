#include "collectors/backup/windows_backup_probe.h"

#include "collectors/backup/backup_parsers.h"
#include "collectors/backup/backup_status.h"

namespace surveyor::collectors::backup {

std::expected<std::optional<v1::BackupJob>, common::Error>
ReadWindowsServerBackup(CommandRunner& runner, const std::string& wbadmin,
                        std::chrono::system_clock::time_point now,
                        std::chrono::seconds default_interval) {
  const std::string source = wbadmin + " get versions";
  auto run = runner.Run({wbadmin, "get", "versions"}, {});
  if (!run) {
    if (run.error().code == common::ErrorCode::kNotFound) return std::nullopt;
    return std::unexpected(run.error().Wrap(source));
  }
  v1::BackupJob job;
  job.set_job_id("wbadmin");
  if (auto parsed = ParseWbadminVersions(run->out, job); !parsed) {
    return common::Fail(common::ErrorCode::kParse,
                        source + ":" + std::to_string(parsed.error().line) +
                            ": " + parsed.error().reason);
  }
  JudgeBackup(job, now, default_interval, /*read_ok=*/true);
  return job;
}

}  // namespace surveyor::collectors::backup
