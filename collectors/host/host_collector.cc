#include "collectors/host/host_collector.h"

#include <sys/utsname.h>

#include "collectors/host/os_release.h"
#include "collectors/host/proc_info.h"
#include "collectors/text_util.h"

namespace surveyor::collectors::host {
namespace {

// First line of a small file, trimmed; empty when unreadable.
std::string ReadFirstLine(const HostView& view, std::string_view path) {
  auto data = view.ReadFile(path, 64 * 1024);
  if (!data) return {};
  std::string_view s = *data;
  return std::string(Trim(s.substr(0, s.find('\n'))));
}

}  // namespace

void HostCollector::Collect(const CollectContext& ctx, v1::Section& section) {
  const HostView& view = ctx.host;
  v1::HostFacts* facts = section.mutable_host();

  auto* id = facts->mutable_identity();
  auto machine_id = view.ReadFile("/etc/machine-id", 4096);
  if (machine_id) {
    id->set_machine_id(std::string(Trim(*machine_id)));
  } else if (machine_id.error().code != common::ErrorCode::kNotFound) {
    AddSectionError(section, "/etc/machine-id", machine_id.error().message);
  }
  std::string hostname = view.is_live()
                             ? ReadFirstLine(view, "/proc/sys/kernel/hostname")
                             : std::string();
  if (hostname.empty()) hostname = ReadFirstLine(view, "/etc/hostname");
  id->set_hostname(hostname);

  auto os = view.ReadFile("/etc/os-release", 1 << 20);
  if (!os) os = view.ReadFile("/usr/lib/os-release", 1 << 20);
  if (os) {
    *facts->mutable_os() = ParseOsRelease(*os);
  } else if (os.error().code != common::ErrorCode::kNotFound) {
    AddSectionError(section, "/etc/os-release", os.error().message);
  }

  facts->set_kernel_release(ReadFirstLine(view, "/proc/sys/kernel/osrelease"));
  std::string arch = ReadFirstLine(view, "/proc/sys/kernel/arch");
  if (arch.empty() && view.is_live()) {
    struct utsname uts {};
    if (::uname(&uts) == 0) arch = uts.machine;
  }
  facts->set_architecture(arch);

  if (auto cpu = view.ReadFile("/proc/cpuinfo", 16 << 20)) {
    CpuInfo info = ParseCpuInfo(*cpu);
    facts->set_cpu_model(info.model);
    facts->set_cpu_count(info.count);
  }
  if (auto mem = view.ReadFile("/proc/meminfo", 1 << 20)) {
    facts->set_memory_bytes(ParseMemTotal(*mem));
  }

  auto* hw = facts->mutable_hardware();
  hw->set_vendor(ReadFirstLine(view, "/sys/class/dmi/id/sys_vendor"));
  hw->set_model(ReadFirstLine(view, "/sys/class/dmi/id/product_name"));
  hw->set_serial(ReadFirstLine(view, "/sys/class/dmi/id/product_serial"));
  std::string board = ReadFirstLine(view, "/sys/class/dmi/id/board_vendor");
  std::string board_name = ReadFirstLine(view, "/sys/class/dmi/id/board_name");
  if (!board_name.empty()) board += (board.empty() ? "" : " ") + board_name;
  hw->set_board(board);
}

}  // namespace surveyor::collectors::host
