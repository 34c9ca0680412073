// Building blocks for tests that need inventories: an installed dpkg
// package, and a snapshot with a software section of N generated packages.
#pragma once

#include <cstdint>
#include <string>

#include "surveyor/v1/snapshot.pb.h"

namespace surveyor::testing {

// An installed amd64 dpkg package.
inline v1::Package DebPackage(const std::string& name,
                              const std::string& version) {
  v1::Package p;
  p.set_source(v1::PACKAGE_SOURCE_DPKG);
  p.set_name(name);
  p.set_version(version);
  p.set_architecture("amd64");
  p.set_installed(true);
  return p;
}

// A snapshot of `machine` with a software section of `packages` packages
// named pkg0, pkg1, ... (not canonicalised, no content hash).
inline v1::Snapshot GeneratedInventory(std::uint64_t sequence,
                                       const std::string& machine,
                                       int packages) {
  v1::Snapshot s;
  s.set_sequence(sequence);
  s.mutable_host()->set_machine_id(machine);
  auto* sec = s.add_sections();
  sec->set_collector("software");
  for (int i = 0; i < packages; ++i) {
    *sec->mutable_software()->add_packages() = DebPackage(
        "pkg" + std::to_string(i), "1.2." + std::to_string(i) + "-1");
  }
  return s;
}

}  // namespace surveyor::testing
