// Reads the registry keys a Windows machine's host facts come from
// (windows_host.h lists them) through a RegistryView, and derives the facts.
#pragma once

#include <expected>

#include "collectors/windows/registry_view.h"
#include "common/error.h"
#include "surveyor/v1/host.pb.h"

namespace surveyor::collectors::host {

// The facts; an error when CurrentVersion cannot be read (an absent key
// leaves its facts empty, as on a stripped-down system).
std::expected<v1::HostFacts, common::Error> ReadWindowsHost(
    windows::RegistryView& registry);

}  // namespace surveyor::collectors::host
