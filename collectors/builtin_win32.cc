// The collectors compiled into the Windows agent: windows_collectors.h over
// this machine's registry, WMI and System32's wbadmin.
#include "collectors/builtin.h"
#include "collectors/windows/system_paths.h"
#include "collectors/windows/windows_collectors.h"

namespace surveyor::collectors {

std::vector<std::unique_ptr<Collector>> BuiltinCollectors() {
  // Both open lazily: listing the collectors' names touches neither.
  return windows::WindowsCollectors(
      {windows::NewSystemRegistryView(), windows::NewSystemWmi(),
       windows::SystemDirectory() + "\\wbadmin.exe"});
}

}  // namespace surveyor::collectors
