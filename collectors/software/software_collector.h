// The software collector: installed packages from dpkg, rpm, Flatpak and Snap,
// and every user's browser extensions (collectors/browser/), each through
// pure parsers and a thin probe (probes.h, browser/browser_probe.h). Sources
// that are absent are skipped silently; one that fails records a SectionError
// and the others still report. Packages are sorted so the section hash is
// stable.
#pragma once

#include "collectors/collector.h"

namespace surveyor::collectors::software {

class SoftwareCollector : public Collector {
 public:
  std::string_view name() const override { return "software"; }
  void Collect(const CollectContext& ctx, v1::Section& section) override;
};

}  // namespace surveyor::collectors::software
