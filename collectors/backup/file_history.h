// Windows File History, per user who set it up. Pure: the probe
// (windows_backup_probe.h) finds the users and reads the files and
// registry values; this reads them.
//
// - Configuration: the user's Config1.xml (<DataProtectionUserConfig>, in
//   %LOCALAPPDATA%\Microsoft\Windows\FileHistory\Configuration): DPStatus
//   (ENABLED or DISABLED), DPFrequency (seconds between runs), the Target
//   (name, URL, drive type FIXED, REMOVABLE or REMOTE) and the user's name.
// - Last backup: the value ProtectedUpToTime of the user's
//   HKCU\Software\Microsoft\Windows\CurrentVersion\FileHistory, a FILETIME File
//   History's service sets after a run ("protected up to"; RegRipper's
//   filehistory.pl and plaso's FileHistory plugin read it as the last backup).
//   It lives in the user's hive, which the registry holds only while the user
//   is logged on.
// - Group policy: HKLM\SOFTWARE\Policies\Microsoft\Windows\FileHistory
//   Disabled = 1 turns File History off for everyone.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "collectors/backup/file_history_config.h"
#include "surveyor/v1/backup.pb.h"

namespace surveyor::collectors::backup {

// What the probe found for one user beside the configuration.
struct FileHistoryState {
  // ProtectedUpToTime (a FILETIME; 0 when the value is absent), or nullopt
  // when the user's hive could not be read (not logged on).
  std::optional<std::uint64_t> protected_up_to;
  bool disabled_by_policy = false;
};

// The user's job: product "File History", job_id the user's name, target
// and its kind from the configuration, the schedule from DPFrequency, the
// last success from ProtectedUpToTime, judged by JudgeBackup (UNKNOWN
// when the hive could not be read). Turned off by the user or by policy:
// the job is still reported, with that as its error.
v1::BackupJob FileHistoryJob(const FileHistoryConfig& config,
                             const FileHistoryState& state,
                             std::chrono::system_clock::time_point now,
                             std::chrono::seconds default_interval);

}  // namespace surveyor::collectors::backup
