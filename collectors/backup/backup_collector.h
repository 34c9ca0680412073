// The backup collector: one normalised BackupJob per restic or borg
// repository named in the agent configuration, per Timeshift setup and per
// Veeam Agent for Linux job, each judged current, stale or never succeeded
// against its schedule. Passwords reach restic and borg only through files
// named in environment variables, never argv or logs. Time Machine and
// Windows Server Backup parsers (backup_parsers.h) wait for their agents.
#pragma once

#include "collectors/collector.h"

namespace surveyor::collectors::backup {

class BackupCollector : public Collector {
 public:
  std::string_view name() const override { return "backup"; }
  void Collect(const CollectContext& ctx, v1::Section& section) override;
};

}  // namespace surveyor::collectors::backup
