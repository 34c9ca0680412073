// The thin probe of browser extensions, part of the software collector:
// every user's Chromium-family and Firefox profiles (browser_paths.h), read
// through the HostView and handed to the pure parsers. Each extension is a
// Package of source PACKAGE_SOURCE_BROWSER named by its id.
//
// A profile whose preferences cannot be read whole (a browser writing them
// right now, a corrupt file) is a SectionError naming the file, and only
// that profile is left out.
#pragma once

#include "collectors/host_view.h"
#include "surveyor/v1/snapshot.pb.h"

namespace surveyor::collectors::browser {

// Returns true when any user has a browser profile directory.
bool ProbeBrowsers(const HostView& host, v1::Section& section,
                   v1::SoftwareInventory& out);

}  // namespace surveyor::collectors::browser
