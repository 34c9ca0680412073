// The collectors compiled into the Windows agent: windows_collectors.h over
// this machine's registry, WMI, event log and System32's wbadmin.
#include "collectors/builtin.h"
#include "collectors/windows/system_paths.h"
#include "collectors/windows/windows_collectors.h"

namespace surveyor::collectors {

namespace {

// All open lazily: listing the collectors' names touches none.
windows::WindowsSources ThisMachine() {
  const std::string system32 = windows::SystemDirectory();
  return {windows::NewSystemRegistryView(), windows::NewSystemWmi(),
          system32 + "\\wbadmin.exe", windows::NewSystemEventLog(),
          system32.substr(0, 2)};
}

}  // namespace

std::vector<std::unique_ptr<Collector>> BuiltinCollectors() {
  return windows::WindowsCollectors(ThisMachine());
}

std::unique_ptr<Collector> HostCollector() {
  return windows::WindowsHostCollector(ThisMachine());
}

}  // namespace surveyor::collectors
