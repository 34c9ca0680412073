// Windows Firewall's profiles and Windows Update's automatic installation,
// from the registry (the Windows protection probe reads the keys). Pure.
//
// Firewall: EnableFirewall of each profile, group policy first
//   HKLM\SOFTWARE\Policies\Microsoft\WindowsFirewall\{Domain,Private,Public}Profile
// else the local setting (Standard = private)
//   HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters
//     \FirewallPolicy\{Domain,Standard,Public}Profile
// enabled when every profile is on, not when one is off; the detail names
// each profile's state and where it came from.
//
// Updates: the Windows Update policy
//   HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU
//     NoAutoUpdate = 1 (off), AUOptions 2 notify, 3 download only,
//     4 download and install, 5 local administrator chooses, 7 notify
//     (Windows Server 2016 and later)
// and the service (HKLM\SYSTEM\CurrentControlSet\Services\wuauserv Start =
// 4: disabled). Without a policy, Windows 10 and 11 install updates
// automatically.
#pragma once

#include <vector>

#include "collectors/registry_export.h"
#include "surveyor/v1/protection.pb.h"

namespace surveyor::collectors::protection {

v1::FirewallState WindowsFirewall(const std::vector<RegistryKey>& keys);

v1::AutoUpdates WindowsUpdateSettings(const std::vector<RegistryKey>& keys);

// The keys both read, for the probe: (path, depth below it).
struct RegistryRead {
  const char* path;
  int depth;
};
std::vector<RegistryRead> WindowsPostureKeys();

}  // namespace surveyor::collectors::protection
