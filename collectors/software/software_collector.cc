#include "collectors/software/software_collector.h"

#include "collectors/browser/browser_probe.h"
#include "collectors/software/probes.h"
#include "common/snapshot_delta.h"

namespace surveyor::collectors::software {

void SoftwareCollector::Collect(const CollectContext& ctx,
                                v1::Section& section) {
  v1::SoftwareInventory* inv = section.mutable_software();
  struct Source {
    v1::PackageSource source;
    bool (*probe)(const HostView&, v1::Section&, v1::SoftwareInventory&);
  };
  static constexpr Source kSources[] = {
      {v1::PACKAGE_SOURCE_DPKG, &ProbeDpkg},
      {v1::PACKAGE_SOURCE_RPM, &ProbeRpm},
      {v1::PACKAGE_SOURCE_FLATPAK, &ProbeFlatpak},
      {v1::PACKAGE_SOURCE_SNAP, &ProbeSnap},
      {v1::PACKAGE_SOURCE_BROWSER, &browser::ProbeBrowsers},
  };
  for (const Source& s : kSources) {
    if (s.probe(ctx.host, section, *inv)) inv->add_sources_present(s.source);
  }
  common::CanonicalizeSoftware(*inv);
}

}  // namespace surveyor::collectors::software
