// Host facts of a Windows machine, from its registry (what the Windows
// agent's registry reader returns, or a registry export):
//   HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion   edition, version, build
//   HKLM\SOFTWARE\Microsoft\Cryptography                MachineGuid (identity)
//   HKLM\SYSTEM\CurrentControlSet\Control\ComputerName\ComputerName
//   HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment
//                                                       PROCESSOR_ARCHITECTURE
//   HKLM\HARDWARE\DESCRIPTION\System\CentralProcessor\N  CPU model and count
//
// Windows 11 still writes "Windows 10 ..." as its ProductName; a build of
// 22000 or later is Windows 11, and the name says so. Memory and hardware
// come from WMI, not here. Pure.
#pragma once

#include <vector>

#include "collectors/registry_export.h"
#include "surveyor/v1/host.pb.h"

namespace surveyor::collectors::host {

v1::HostFacts WindowsHostFacts(const std::vector<RegistryKey>& keys);

}  // namespace surveyor::collectors::host
