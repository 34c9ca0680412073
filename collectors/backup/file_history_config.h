// File History's per-user configuration file, Config1.xml
// (<DataProtectionUserConfig>, in the user's
// %LOCALAPPDATA%\Microsoft\Windows\FileHistory\Configuration), and the
// FILETIME its registry values use. Pure, and apart from the job
// (file_history.h) so the fuzz target takes it alone.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "collectors/parse_error.h"

namespace surveyor::collectors::backup {

struct FileHistoryConfig {
  std::string user_name;  // As File History names the user ("Admin").
  std::string pc_name;
  std::string status;  // DPStatus as written ("ENABLED", "DISABLED").
  std::uint64_t frequency_seconds = 0;  // DPFrequency; 0 when absent.
  std::string target_name;
  std::string target_url;
  std::string target_drive_type;  // "FIXED", "REMOVABLE", "REMOTE".
};

// Config1.xml's text. ParseError when it is not XML, its root is not
// <DataProtectionUserConfig>, or DPFrequency is not a number.
std::expected<FileHistoryConfig, ParseError> ParseFileHistoryConfig(
    std::string_view xml);

// FILETIME (100 ns ticks since 1601) to seconds since the Unix epoch;
// nullopt for 0 or a time before 1970.
std::optional<std::int64_t> FileTimeToUnix(std::uint64_t filetime);

}  // namespace surveyor::collectors::backup
