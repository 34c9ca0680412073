// Normalisation shared by the backup probes: classify and redact a target
// location, and judge a job's last success against its schedule. Pure.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "surveyor/v1/backup.pb.h"

namespace surveyor::collectors::backup {

// restic/borg repository location -> local, network or cloud.
v1::BackupTargetKind ClassifyLocation(std::string_view location);

// The location with any password removed ("rest:https://u:pw@h/" ->
// "rest:https://u@h/").
std::string RedactLocation(std::string_view location);

// Sets job.status (and schedule_interval_seconds when unset) from
// last_success, the schedule (or `default_interval` when the product tells
// none) and `now`. A job with no success is NEVER_SUCCEEDED when
// `read_ok`, UNKNOWN when the tool could not be read.
void JudgeBackup(v1::BackupJob& job, std::chrono::system_clock::time_point now,
                 std::chrono::seconds default_interval, bool read_ok);

}  // namespace surveyor::collectors::backup
