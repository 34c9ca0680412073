#include "collectors/host/windows_hardware.h"

#include <charconv>
#include <string>

#include "collectors/text_util.h"

namespace surveyor::collectors::host {

void ApplyWindowsHardware(
    const std::vector<windows::WmiObject>& computer_system,
    const std::vector<windows::WmiObject>& bios,
    const std::vector<windows::WmiObject>& base_board, v1::HostFacts& facts) {
  auto* hw = facts.mutable_hardware();
  if (!computer_system.empty()) {
    const windows::WmiObject& cs = computer_system.front();
    hw->set_vendor(std::string(Trim(cs.Get("Manufacturer"))));
    hw->set_model(std::string(Trim(cs.Get("Model"))));
    const std::string_view memory = Trim(cs.Get("TotalPhysicalMemory"));
    std::uint64_t bytes = 0;
    if (std::from_chars(memory.data(), memory.data() + memory.size(), bytes)
            .ec == std::errc()) {
      facts.set_memory_bytes(bytes);
    }
    // Domain holds the workgroup's name too when the machine is not joined;
    // Workgroup is set only then.
    const bool joined = EqualsIgnoreCase(cs.Get("PartOfDomain"), "true");
    facts.set_domain_joined(joined);
    std::string_view domain = Trim(cs.Get("Domain"));
    if (!joined && !Trim(cs.Get("Workgroup")).empty()) {
      domain = Trim(cs.Get("Workgroup"));
    }
    facts.set_domain(std::string(domain));
  }
  if (!bios.empty()) {
    hw->set_serial(std::string(Trim(bios.front().Get("SerialNumber"))));
  }
  if (!base_board.empty()) {
    std::string board(Trim(base_board.front().Get("Manufacturer")));
    const std::string_view product = Trim(base_board.front().Get("Product"));
    if (!product.empty()) {
      board += (board.empty() ? "" : " ") + std::string(product);
    }
    hw->set_board(board);
  }
}

}  // namespace surveyor::collectors::host
