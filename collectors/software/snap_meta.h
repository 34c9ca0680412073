// Parsers for snapd's on-disk state: /var/lib/snapd/state.json, a snap's
// meta/snap.yaml, and the assertion files that name a snap's publisher.
// Pure: bytes in, values out.
#pragma once

#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"

namespace surveyor::collectors::software {

// One installed snap as state.json records it.
struct SnapStateEntry {
  std::string name;      // Instance name (key of data.snaps).
  std::string revision;  // Current revision ("1974", "x1").
  std::string channel;   // Tracked channel, e.g. "latest/stable".
  std::string snap_id;   // Empty for local snaps.
  std::string type;      // app, base, core, gadget, kernel, os, snapd.
  bool active = false;
};

// All snaps in state.json (data.snaps), sorted by name. Sequence entries are
// read both in the flat form (side-info fields inline) and the newer
// {"side-info": ...} form.
std::expected<std::vector<SnapStateEntry>, ParseError> ParseSnapState(
    std::string_view json);

// Top-level `name` and `version` of a snap.yaml; values may be quoted.
struct SnapYaml {
  std::string name;
  std::string version;
};
SnapYaml ParseSnapYaml(std::string_view yaml);

// Header fields of a snapd assertion (the "key: value" lines before the first
// blank line); multi-line values are skipped.
std::map<std::string, std::string> ParseAssertionHeaders(std::string_view text);

}  // namespace surveyor::collectors::software
