// Reads the Windows protection sources through Wmi: Security Center's
// antivirus products (security_center.h) and Defender's own status
// (windows_status.h).
#pragma once

#include <expected>
#include <optional>
#include <vector>

#include "collectors/windows/wmi.h"
#include "common/error.h"
#include "surveyor/v1/protection.pb.h"

namespace surveyor::collectors::protection {

// Security Center's antivirus products; none where Security Center is
// absent (Windows Server: no ROOT\SecurityCenter2). Another failure is the
// error.
std::expected<std::vector<v1::ProtectionProduct>, common::Error>
ReadSecurityCenter(windows::Wmi& wmi);

// Defender Antivirus's status; nullopt where Defender's WMI namespace is
// absent (removed, or a Windows Server without the feature).
std::expected<std::optional<v1::ProtectionProduct>, common::Error> ReadDefender(
    windows::Wmi& wmi);

}  // namespace surveyor::collectors::protection
