// The collectors compiled into the Windows agent: windows_collectors.h over
// this machine's registry, WMI and System32's wbadmin.
#include "collectors/builtin.h"
#include "collectors/windows/system_paths.h"
#include "collectors/windows/windows_collectors.h"

namespace surveyor::collectors {

namespace {

// Both open lazily: listing the collectors' names touches neither.
windows::WindowsSources ThisMachine() {
  return {windows::NewSystemRegistryView(), windows::NewSystemWmi(),
          windows::SystemDirectory() + "\\wbadmin.exe"};
}

}  // namespace

std::vector<std::unique_ptr<Collector>> BuiltinCollectors() {
  return windows::WindowsCollectors(ThisMachine());
}

std::unique_ptr<Collector> HostCollector() {
  return windows::WindowsHostCollector(ThisMachine());
}

}  // namespace surveyor::collectors
