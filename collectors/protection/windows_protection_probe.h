// Reads the Windows protection sources: through Wmi, Security Center's
// antivirus products (security_center.h), Defender's own status and
// BitLocker's (windows_status.h); through the RegistryView, the firewall's
// profiles and Windows Update's settings (windows_posture.h).
#pragma once

#include <expected>
#include <optional>
#include <vector>

#include "collectors/windows/registry_view.h"
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

// The system drive's BitLocker state; nullopt where BitLocker's namespace is
// absent (Home editions, Windows Server without the feature).
std::expected<std::optional<v1::DiskEncryption>, common::Error> ReadBitLocker(
    windows::Wmi& wmi);

// Fills `state`'s firewall and auto_updates from the registry.
std::expected<void, common::Error> ReadWindowsPosture(
    windows::RegistryView& registry, v1::ProtectionState& state);

}  // namespace surveyor::collectors::protection
