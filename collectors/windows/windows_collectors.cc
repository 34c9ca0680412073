#include "collectors/windows/windows_collectors.h"

#include <algorithm>
#include <tuple>

#include "collectors/backup/windows_backup_probe.h"
#include "collectors/host/windows_host_probe.h"
#include "collectors/protection/windows_protection_probe.h"
#include "collectors/software/windows_programs_probe.h"
#include "common/snapshot_delta.h"

namespace surveyor::collectors::windows {
namespace {

constexpr std::string_view kRegistry = "registry";
constexpr std::string_view kCimv2 = "WMI ROOT\\CIMV2";

// The base of the four: the sources, and the refusal of an offline root.
class WindowsCollector : public Collector {
 public:
  explicit WindowsCollector(const WindowsSources& sources)
      : sources_(sources) {}

  void Collect(const CollectContext& ctx, v1::Section& section) final {
    if (!ctx.host.is_live()) {
      AddSectionError(section, kRegistry,
                      "the registry and WMI are read from the running machine "
                      "only; an offline root is not supported on Windows");
      return;
    }
    Read(ctx, section);
  }

 protected:
  virtual void Read(const CollectContext& ctx, v1::Section& section) = 0;
  RegistryView& registry() const { return *sources_.registry; }
  Wmi& wmi() const { return *sources_.wmi; }
  const std::string& wbadmin() const { return sources_.wbadmin; }
  const WindowsSources& sources() const { return sources_; }

 private:
  WindowsSources sources_;
};

class HostCollector final : public WindowsCollector {
 public:
  using WindowsCollector::WindowsCollector;
  std::string_view name() const override { return "host"; }

 protected:
  void Read(const CollectContext&, v1::Section& section) override {
    auto facts = host::ReadWindowsHost(registry());
    if (!facts) {
      AddSectionError(section, kRegistry, facts.error().message);
      // Still an (empty) host section: the snapshot's identity stays unset.
      section.mutable_host();
      return;
    }
    if (auto hw = host::ReadWindowsHardware(wmi(), *facts); !hw) {
      AddSectionError(section, kCimv2, hw.error().message);
    }
    *section.mutable_host() = std::move(*facts);
  }
};

class SoftwareCollector final : public WindowsCollector {
 public:
  using WindowsCollector::WindowsCollector;
  std::string_view name() const override { return "software"; }

 protected:
  void Read(const CollectContext&, v1::Section& section) override {
    v1::SoftwareInventory* inv = section.mutable_software();
    auto programs = software::ReadWindowsPrograms(registry());
    if (!programs) {
      AddSectionError(section, kRegistry, programs.error().message);
      return;
    }
    for (auto& p : *programs) *inv->add_packages() = std::move(p);
    inv->add_sources_present(v1::PACKAGE_SOURCE_WINDOWS);
    // App packages: a failure is a section error beside the programs read.
    if (auto apps = software::ReadAppxPackages(registry()); !apps) {
      AddSectionError(section, kRegistry,
                      "app packages: " + apps.error().message);
    } else if (*apps) {
      for (auto& p : **apps) *inv->add_packages() = std::move(p);
      inv->add_sources_present(v1::PACKAGE_SOURCE_MSIX);
    }
    common::CanonicalizeSoftware(*inv);
  }
};

// Security Center's own entry for Defender ("Windows Defender") when
// Defender's status was read too, which says more about the same product.
bool IsSecurityCenterDefender(const v1::ProtectionProduct& p) {
  return p.vendor() == "Microsoft" &&
         p.product().find("Defender") != std::string::npos;
}

class ProtectionCollector final : public WindowsCollector {
 public:
  using WindowsCollector::WindowsCollector;
  std::string_view name() const override { return "protection"; }

 protected:
  void Read(const CollectContext&, v1::Section& section) override {
    v1::ProtectionState* out = section.mutable_protection();
    auto defender = protection::ReadDefender(wmi());
    if (!defender) {
      AddSectionError(section, "WMI Defender", defender.error().message);
    }
    const bool have_defender = defender && defender->has_value();
    if (auto products = protection::ReadSecurityCenter(wmi()); !products) {
      AddSectionError(section, "WMI ROOT\\SecurityCenter2",
                      products.error().message);
    } else {
      for (auto& p : *products) {
        if (have_defender && IsSecurityCenterDefender(p)) continue;
        *out->add_products() = std::move(p);
      }
    }
    if (have_defender) *out->add_products() = std::move(**defender);
    if (auto bitlocker = protection::ReadBitLocker(wmi()); !bitlocker) {
      AddSectionError(section, "WMI BitLocker", bitlocker.error().message);
    } else if (bitlocker->has_value()) {
      *out->mutable_disk_encryption() = std::move(**bitlocker);
    }
    if (auto posture = protection::ReadWindowsPosture(registry(), *out);
        !posture) {
      AddSectionError(section, kRegistry, posture.error().message);
    }
    auto* products = out->mutable_products();
    std::sort(products->pointer_begin(), products->pointer_end(),
              [](const auto* a, const auto* b) {
                return std::tie(a->vendor(), a->product()) <
                       std::tie(b->vendor(), b->product());
              });
  }
};

class BackupCollector final : public WindowsCollector {
 public:
  using WindowsCollector::WindowsCollector;
  std::string_view name() const override { return "backup"; }

 protected:
  void Read(const CollectContext& ctx, v1::Section& section) override {
    v1::BackupState* out = section.mutable_backup();
    const auto hours = ctx.config.backup().max_age_hours();
    const std::chrono::seconds interval =
        std::chrono::hours(hours ? hours : 26);
    if (ctx.commands != nullptr) {
      auto job = backup::ReadWindowsServerBackup(*ctx.commands, wbadmin(),
                                                 ctx.now, interval);
      if (!job) {
        AddSectionError(section, wbadmin() + " get versions",
                        job.error().message);
      } else if (job->has_value()) {
        *out->add_jobs() = std::move(**job);
      }
    }
    std::vector<std::string> problems;
    if (auto jobs = backup::ReadFileHistory(registry(), ctx.host,
                                            sources().system_drive, ctx.now,
                                            interval, problems);
        !jobs) {
      AddSectionError(section, "File History", jobs.error().message);
    } else {
      for (auto& j : *jobs) *out->add_jobs() = std::move(j);
    }
    for (const auto& p : problems) AddSectionError(section, "File History", p);
    problems.clear();
    if (sources().events) {
      if (auto jobs = backup::ReadVeeamAgentForWindows(
              registry(), *sources().events, ctx.now, interval, problems);
          !jobs) {
        AddSectionError(section, "Veeam Agent for Windows",
                        jobs.error().message);
      } else {
        for (auto& j : *jobs) *out->add_jobs() = std::move(j);
      }
      for (const auto& p : problems) {
        AddSectionError(section, "Veeam Agent for Windows", p);
      }
    }
    auto* jobs = out->mutable_jobs();
    std::sort(jobs->pointer_begin(), jobs->pointer_end(),
              [](const auto* a, const auto* b) {
                return std::tie(a->product(), a->job_id()) <
                       std::tie(b->product(), b->job_id());
              });
  }
};

}  // namespace

std::vector<std::unique_ptr<Collector>> WindowsCollectors(
    const WindowsSources& sources) {
  std::vector<std::unique_ptr<Collector>> list;
  list.push_back(std::make_unique<HostCollector>(sources));
  list.push_back(std::make_unique<SoftwareCollector>(sources));
  list.push_back(std::make_unique<ProtectionCollector>(sources));
  list.push_back(std::make_unique<BackupCollector>(sources));
  return list;
}

std::unique_ptr<Collector> WindowsHostCollector(const WindowsSources& sources) {
  return std::make_unique<HostCollector>(sources);
}

}  // namespace surveyor::collectors::windows
