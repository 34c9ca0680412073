// The protection collector: which anti-malware/EDR products are present,
// running and current (ClamAV, Microsoft Defender for Endpoint, CrowdStrike
// Falcon, SentinelOne, ESET, Sophos), whether the host firewall is on (ufw,
// nftables, firewalld), whether the root filesystem is encrypted (LUKS via the
// device-mapper tree in sysfs) and whether updates are automatic
// (unattended-upgrades, dnf-automatic). Files come through the HostView;
// commands through the CommandRunner only (absent on an offline root).
#pragma once

#include "collectors/collector.h"

namespace surveyor::collectors::protection {

class ProtectionCollector : public Collector {
 public:
  std::string_view name() const override { return "protection"; }
  void Collect(const CollectContext& ctx, v1::Section& section) override;
};

}  // namespace surveyor::collectors::protection
