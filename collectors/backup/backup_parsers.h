// Pure parsers for backup tools' outputs, each filling normalised BackupJob
// fields from bytes: restic (`snapshots --json`), borg (`list --json`,
// `info --json --last 1`), Timeshift (timeshift.json, snapshot folder names),
// Veeam Agent for Linux (`veeamconfig session list`), Time Machine (`tmutil
// destinationinfo -X`, backup paths) and Windows Server Backup (`wbadmin get
// versions`). Times a tool prints without a zone are returned as civil
// seconds (as if UTC) for the probe to localise.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"
#include "surveyor/v1/backup.pb.h"

namespace surveyor::collectors::backup {

// restic: restore points, last success (newest summary.backup_end, else
// snapshot time), size of the newest snapshot (restic >= 0.17). Encrypted:
// always (restic has no unencrypted repositories).
// Whether a failed `restic snapshots` says there is no repository at the
// location: exit code 10 (restic 0.17 and later) or, before that, its
// "Is there a repository at the following location?" (restic 0.14 in
// Debian 12). Such a job has never succeeded; other failures (a wrong
// password, a lock, the network) leave its state unknown.
bool ResticSaysNoRepository(int exit_code, std::string_view stderr_text);

std::expected<void, ParseError> ParseResticSnapshots(std::string_view json,
                                                     v1::BackupJob& job);

// borg `list --json`: restore points, encryption, and the newest archive's
// start as civil seconds in `*newest_civil`.
std::expected<void, ParseError> ParseBorgList(std::string_view json,
                                              v1::BackupJob& job,
                                              std::int64_t* newest_civil);

// borg `info --json --last 1`: the newest archive's end (civil seconds) and
// original size.
struct BorgLastArchive {
  std::int64_t end_civil = 0;
  std::uint64_t original_size = 0;
};
std::expected<BorgLastArchive, ParseError> ParseBorgInfo(std::string_view json);

// Timeshift's schedule: the shortest enabled interval in seconds (hourly,
// daily, weekly, monthly; boot counts as daily), 0 when none is enabled.
std::expected<std::uint64_t, ParseError> ParseTimeshiftSchedule(
    std::string_view json);

// A Timeshift snapshot folder name "2024-05-01_10-00-01" as civil seconds.
std::optional<std::int64_t> ParseTimeshiftSnapshotName(std::string_view name);

// `veeamconfig session list`: one job per job name with last attempt, its
// result, last success (civil seconds in the fields' seconds) and the number
// of successful sessions as restore points.
std::expected<std::vector<v1::BackupJob>, ParseError> ParseVeeamSessionList(
    std::string_view text);

// `tmutil destinationinfo -X`: one job per destination (ID, name, kind).
std::expected<std::vector<v1::BackupJob>, ParseError> ParseTmutilDestinations(
    std::string_view plist);

// A Time Machine backup path ending in "YYYY-MM-DD-HHMMSS[.backup]" (from
// `tmutil latestbackup` / `listbackups`) as civil seconds.
std::optional<std::int64_t> ParseTimeMachineBackupTime(std::string_view path);

// `wbadmin get versions`: restore points, newest version identifier (UTC) as
// last success, target.
std::expected<void, ParseError> ParseWbadminVersions(std::string_view text,
                                                     v1::BackupJob& job);

}  // namespace surveyor::collectors::backup
