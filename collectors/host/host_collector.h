// The host collector: machine identity, OS, kernel, CPU, memory and firmware
// hardware facts. Absent or unreadable facts (DMI serial without root, no
// machine-id in a container, no /proc in an offline image) are left empty
// without an error; a file that exists but cannot be read is an error.
#pragma once

#include "collectors/collector.h"

namespace surveyor::collectors::host {

class HostCollector : public Collector {
 public:
  std::string_view name() const override { return "host"; }
  void Collect(const CollectContext& ctx, v1::Section& section) override;
};

}  // namespace surveyor::collectors::host
