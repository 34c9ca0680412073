#include "collectors/backup/backup_status.h"

namespace surveyor::collectors::backup {

v1::BackupTargetKind ClassifyLocation(std::string_view loc) {
  for (std::string_view cloud :
       {"s3:", "b2:", "azure:", "gs:", "swift:", "rclone:"}) {
    if (loc.starts_with(cloud)) return v1::BACKUP_TARGET_KIND_CLOUD;
  }
  for (std::string_view net : {"sftp:", "rest:", "ssh://"}) {
    if (loc.starts_with(net)) return v1::BACKUP_TARGET_KIND_NETWORK;
  }
  if (loc.starts_with("/")) {
    return loc.starts_with("/mnt/") || loc.starts_with("/net/")
               ? v1::BACKUP_TARGET_KIND_UNKNOWN  // Possibly a mounted share.
               : v1::BACKUP_TARGET_KIND_LOCAL;
  }
  // borg's scp-style "user@host:path".
  auto at = loc.find('@'), colon = loc.find(':');
  if (at != std::string_view::npos && colon != std::string_view::npos &&
      at < colon) {
    return v1::BACKUP_TARGET_KIND_NETWORK;
  }
  return v1::BACKUP_TARGET_KIND_UNKNOWN;
}

std::string RedactLocation(std::string_view loc) {
  auto scheme = loc.find("://");
  if (scheme == std::string_view::npos) return std::string(loc);
  auto auth_start = scheme + 3;
  auto at = loc.find('@', auth_start);
  auto slash = loc.find('/', auth_start);
  if (at == std::string_view::npos ||
      (slash != std::string_view::npos && slash < at)) {
    return std::string(loc);
  }
  auto colon = loc.find(':', auth_start);
  if (colon == std::string_view::npos || colon > at) return std::string(loc);
  return std::string(loc.substr(0, colon)) + std::string(loc.substr(at));
}

void JudgeBackup(v1::BackupJob& job, std::chrono::system_clock::time_point now,
                 std::chrono::seconds default_interval, bool read_ok) {
  if (job.schedule_interval_seconds() == 0) {
    job.set_schedule_interval_seconds(
        static_cast<std::uint64_t>(default_interval.count()));
  }
  if (!job.has_last_success() || job.last_success().seconds() <= 0) {
    job.set_status(read_ok ? v1::BACKUP_STATUS_NEVER_SUCCEEDED
                           : v1::BACKUP_STATUS_UNKNOWN);
    return;
  }
  auto now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch())
          .count();
  auto age = now_s - job.last_success().seconds();
  job.set_status(
      age > static_cast<std::int64_t>(job.schedule_interval_seconds())
          ? v1::BACKUP_STATUS_STALE
          : v1::BACKUP_STATUS_CURRENT);
}

}  // namespace surveyor::collectors::backup
