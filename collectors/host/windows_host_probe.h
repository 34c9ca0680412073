// Reads what a Windows machine's host facts come from: the registry keys
// windows_host.h lists, through a RegistryView, and the WMI classes
// windows_hardware.h lists, through Wmi.
#pragma once

#include <expected>

#include "collectors/windows/registry_view.h"
#include "collectors/windows/wmi.h"
#include "common/error.h"
#include "surveyor/v1/host.pb.h"

namespace surveyor::collectors::host {

// The facts; an error when CurrentVersion cannot be read (an absent key
// leaves its facts empty, as on a stripped-down system).
std::expected<v1::HostFacts, common::Error> ReadWindowsHost(
    windows::RegistryView& registry);

// Adds hardware, memory and domain from WMI to `facts`. A class WMI does not
// have leaves its fields empty; any other failure is the error.
std::expected<void, common::Error> ReadWindowsHardware(windows::Wmi& wmi,
                                                       v1::HostFacts& facts);

}  // namespace surveyor::collectors::host
