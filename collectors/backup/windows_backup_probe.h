// Windows Server Backup, through `wbadmin get versions` run by the
// CommandRunner (ParseWbadminVersions reads it): one job with its restore
// points, its newest version as the last success and its target, judged by
// JudgeBackup.
#pragma once

#include <chrono>
#include <expected>
#include <optional>
#include <string>

#include "collectors/command_runner.h"
#include "common/error.h"
#include "surveyor/v1/backup.pb.h"

namespace surveyor::collectors::backup {

// nullopt where wbadmin is not installed (the feature is off, as on most
// desktops); an error when it runs but its output cannot be read, naming
// the command.
std::expected<std::optional<v1::BackupJob>, common::Error>
ReadWindowsServerBackup(CommandRunner& runner, const std::string& wbadmin,
                        std::chrono::system_clock::time_point now,
                        std::chrono::seconds default_interval);

}  // namespace surveyor::collectors::backup
