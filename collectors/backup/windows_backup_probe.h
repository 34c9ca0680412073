// The Windows backup probes, each over an interface so tests feed them
// captured outputs:
// - Windows Server Backup, through `wbadmin get versions` run by the
//   CommandRunner (ParseWbadminVersions reads it): one job with its restore
//   points, its newest version as the last success and its target;
// - File History (file_history.h), per user: the users from fhsvc's
//   Parameters\Configs, their Config1.xml through the HostView, their
//   ProfileList entry and, when their hive is loaded, ProtectedUpToTime;
// - Veeam Agent for Windows (veeam_agent_windows.h), when its service is
//   installed: its jobs from the "Veeam Agent" event log.
// Each job is judged by JudgeBackup.
#pragma once

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "collectors/command_runner.h"
#include "collectors/host_view.h"
#include "collectors/windows/event_log.h"
#include "collectors/windows/registry_view.h"
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

// One job per user with a File History configuration; none when File
// History was never set up. `system_drive` ("C:") is the drive the
// HostView's root stands for: configurations elsewhere cannot be read and,
// like unreadable or malformed ones, become a line in `problems` naming the
// file. An error when fhsvc's list itself cannot be read.
std::expected<std::vector<v1::BackupJob>, common::Error> ReadFileHistory(
    windows::RegistryView& registry, const HostView& files,
    std::string_view system_drive, std::chrono::system_clock::time_point now,
    std::chrono::seconds default_interval, std::vector<std::string>& problems);

// Veeam Agent for Windows' jobs; none when its service is not installed.
// Records that do not parse become lines in `problems`; an error when the
// service is installed but its log cannot be read.
std::expected<std::vector<v1::BackupJob>, common::Error>
ReadVeeamAgentForWindows(windows::RegistryView& registry,
                         windows::EventLog& events,
                         std::chrono::system_clock::time_point now,
                         std::chrono::seconds default_interval,
                         std::vector<std::string>& problems);

}  // namespace surveyor::collectors::backup
