#include "collectors/host/windows_host_probe.h"

#include <string_view>
#include <vector>

#include "collectors/host/windows_hardware.h"
#include "collectors/host/windows_host.h"

namespace surveyor::collectors::host {

std::expected<v1::HostFacts, common::Error> ReadWindowsHost(
    windows::RegistryView& registry) {
  struct Read {
    std::string_view path;
    int depth;
  };
  // Each logical processor is a subkey of CentralProcessor.
  constexpr Read kReads[] = {
      {"HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion",
       0},
      {"HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography", 0},
      {"HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\"
       "ComputerName",
       0},
      {"HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\"
       "Session Manager\\Environment",
       0},
      {"HKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System\\CentralProcessor",
       1},
  };
  std::vector<RegistryKey> keys;
  for (const Read& read : kReads) {
    auto tree = registry.ReadTree(read.path, read.depth);
    if (!tree) return std::unexpected(tree.error());
    keys.insert(keys.end(), std::make_move_iterator(tree->begin()),
                std::make_move_iterator(tree->end()));
  }
  return WindowsHostFacts(keys);
}

std::expected<void, common::Error> ReadWindowsHardware(windows::Wmi& wmi,
                                                       v1::HostFacts& facts) {
  constexpr std::string_view kQueries[] = {
      "SELECT Manufacturer, Model, TotalPhysicalMemory, Domain, PartOfDomain, "
      "Workgroup FROM Win32_ComputerSystem",
      "SELECT SerialNumber FROM Win32_BIOS",
      "SELECT Manufacturer, Product FROM Win32_BaseBoard",
  };
  std::vector<windows::WmiObject> results[3];
  for (std::size_t i = 0; i < 3; ++i) {
    auto objects = windows::QueryIfPresent(wmi, "ROOT\\CIMV2", kQueries[i]);
    if (!objects) return std::unexpected(objects.error());
    results[i] = std::move(*objects);
  }
  ApplyWindowsHardware(results[0], results[1], results[2], facts);
  return {};
}

}  // namespace surveyor::collectors::host
