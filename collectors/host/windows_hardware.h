// A Windows machine's hardware, memory and domain from WMI's ROOT\CIMV2
// (the Windows host probe queries them; tests feed captures):
//   Win32_ComputerSystem  Manufacturer, Model, TotalPhysicalMemory, Domain,
//                         PartOfDomain, Workgroup
//   Win32_BIOS            SerialNumber
//   Win32_BaseBoard       Manufacturer, Product
// Values are kept as the firmware reports them, as on Linux. Pure.
#pragma once

#include <vector>

#include "collectors/windows/wmi.h"
#include "surveyor/v1/host.pb.h"

namespace surveyor::collectors::host {

// Fills `facts`' hardware, memory_bytes, domain and domain_joined from the
// classes' objects (the first of each; none leaves its fields alone).
void ApplyWindowsHardware(
    const std::vector<windows::WmiObject>& computer_system,
    const std::vector<windows::WmiObject>& bios,
    const std::vector<windows::WmiObject>& base_board, v1::HostFacts& facts);

}  // namespace surveyor::collectors::host
