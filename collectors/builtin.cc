#include "collectors/builtin.h"

#include "collectors/backup/backup_collector.h"
#include "collectors/host/host_collector.h"
#include "collectors/protection/protection_collector.h"
#include "collectors/saas/saas_collector.h"
#include "collectors/software/software_collector.h"

namespace surveyor::collectors {

std::vector<std::unique_ptr<Collector>> BuiltinCollectors() {
  std::vector<std::unique_ptr<Collector>> list;
  list.push_back(std::make_unique<host::HostCollector>());
  list.push_back(std::make_unique<software::SoftwareCollector>());
  list.push_back(std::make_unique<protection::ProtectionCollector>());
  list.push_back(std::make_unique<backup::BackupCollector>());
  list.push_back(std::make_unique<saas::SaasCollector>());
  return list;
}

std::unique_ptr<Collector> HostCollector() {
  return std::make_unique<host::HostCollector>();
}

}  // namespace surveyor::collectors
