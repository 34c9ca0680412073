// The host collector: machine identity, OS, kernel, CPU, memory and firmware
// hardware facts. Unreadable DMI fields (serial without root) are left empty
// without an error; a missing machine-id or os-release is an error because the
// server keys machines by them.
#pragma once

#include "collectors/collector.h"

namespace surveyor::collectors::host {

class HostCollector : public Collector {
 public:
  std::string_view name() const override { return "host"; }
  void Collect(const CollectContext& ctx, v1::Section& section) override;
};

}  // namespace surveyor::collectors::host
