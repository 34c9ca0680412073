// Parser for dpkg's status database (<root>/var/lib/dpkg/status): deb822
// stanzas separated by blank lines. Pure and zero-copy: entries hold views
// into the input, which must outlive them. One pass, no regex, no per-line
// allocation.
//
// Entries in states "not-installed" and "config-files" (removed with config
// files left) are dropped, as dpkg-query's installed set drops them. Entries in
// any other state are returned with their state; IsInstalled() says whether
// one counts as installed (selection install or hold, state installed).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"

namespace surveyor::collectors::software {

struct DpkgEntry {
  std::string_view package;
  std::string_view version;  // Normalised as dpkg-query prints it.
  std::string_view architecture;
  std::string_view want;            // install, hold, deinstall, purge, unknown.
  std::string_view eflag;           // ok, reinstreq.
  std::string_view state;           // installed, unpacked, half-installed, ...
  std::string_view source_name;     // Package name when no Source field.
  std::string_view source_version;  // From "Source: name (version)".
  std::string_view maintainer;
  std::string_view section;
  std::string_view multi_arch;
  std::uint64_t installed_size_kib = 0;
  std::uint64_t line = 0;  // Line of the stanza's first field.

  bool IsInstalled() const {
    return (want == "install" || want == "hold") && state == "installed";
  }
};

struct DpkgStatus {
  std::vector<DpkgEntry> entries;
  // Problems found; a stanza with a problem is skipped, the rest still parse.
  // At most kMaxProblems are kept.
  std::vector<ParseError> problems;
  std::uint64_t problem_count = 0;
  static constexpr std::size_t kMaxProblems = 16;
};

DpkgStatus ParseDpkgStatus(std::string_view text);

}  // namespace surveyor::collectors::software
