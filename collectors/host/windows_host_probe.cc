#include "collectors/host/windows_host_probe.h"

#include <string_view>
#include <vector>

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

}  // namespace surveyor::collectors::host
