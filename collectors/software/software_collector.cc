#include "collectors/software/software_collector.h"

#include <algorithm>
#include <tuple>

#include "collectors/software/probes.h"

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
  };
  for (const Source& s : kSources) {
    if (s.probe(ctx.host, section, *inv)) inv->add_sources_present(s.source);
  }
  auto* pkgs = inv->mutable_packages();
  std::sort(pkgs->pointer_begin(), pkgs->pointer_end(),
            [](const v1::Package* a, const v1::Package* b) {
              if (a->source() != b->source()) return a->source() < b->source();
              return std::tie(a->name(), a->architecture(), a->version()) <
                     std::tie(b->name(), b->architecture(), b->version());
            });
}

}  // namespace surveyor::collectors::software
