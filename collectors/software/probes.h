// The thin probes of the software collector, one per package source. Each
// reads its files through the HostView, hands them to the pure parsers, and
// appends packages to `out` and problems to `section`. Each returns true when
// its source exists on the host (an absent source is not an error).
#pragma once

#include "collectors/host_view.h"
#include "surveyor/v1/snapshot.pb.h"

namespace surveyor::collectors::software {

bool ProbeDpkg(const HostView& host, v1::Section& section,
               v1::SoftwareInventory& out);
bool ProbeRpm(const HostView& host, v1::Section& section,
              v1::SoftwareInventory& out);
bool ProbeFlatpak(const HostView& host, v1::Section& section,
                  v1::SoftwareInventory& out);
bool ProbeSnap(const HostView& host, v1::Section& section,
               v1::SoftwareInventory& out);

}  // namespace surveyor::collectors::software
