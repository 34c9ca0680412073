// Veeam Agent for Microsoft Windows, from the events it logs. Pure: the
// probe (windows_backup_probe.h) reads the records; this judges them.
//
// Veeam's "Appendix A. Veeam Agent Events" (helpcenter.veeam.com,
// agentforwindows userguide, appendix_events): the log and the source are
// both "Veeam Agent"; event 110 "Veeam Agent <jobname> has been started",
// 190 "Veeam Agent <jobname> finished with <job status>." at level
// Information, Warning or Error, and 191 "... finished with Error and will
// be retried." at Warning. The agent's service is VeeamEndpointBackupSvc.
// The level carries the outcome (the message is localised); the job's name
// is read from the message when it has the documented English form.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/windows/event_log.h"
#include "surveyor/v1/backup.pb.h"

namespace surveyor::collectors::backup {

inline constexpr std::string_view kVeeamAgentLog = "Veeam Agent";
inline constexpr std::string_view kVeeamAgentService =
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\"
    "VeeamEndpointBackupSvc";
// Events 110, 190 and 191 from the source "Veeam Agent".
inline constexpr std::string_view kVeeamAgentQuery =
    "*[System[Provider[@Name='Veeam Agent'] and "
    "(EventID=110 or EventID=190 or EventID=191)]]";

// The job name in a 110/190/191 message, quotes removed; "" when the
// message does not have the documented form.
std::string VeeamAgentJobName(std::string_view message);

// One job per job name found (product "Veeam Agent for Windows"), from
// records newest first: the last attempt and its outcome from the newest
// record (110 with nothing after it: running), the last success from the
// newest 190 at Information or Warning, the error from a failed attempt's
// message. No records: one job "Veeam Agent" that never succeeded.
std::vector<v1::BackupJob> VeeamAgentJobs(
    const std::vector<windows::EventRecord>& newest_first,
    std::chrono::system_clock::time_point now,
    std::chrono::seconds default_interval);

}  // namespace surveyor::collectors::backup
