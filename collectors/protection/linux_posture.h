// Parsers for Linux posture sources: `systemctl show` output, ufw's
// configuration, `nft -j list ruleset`, /proc/self/mountinfo and device-mapper
// UUIDs (LUKS), APT configuration (unattended-upgrades) and dnf-automatic's
// configuration. Pure.
#pragma once

#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"

namespace surveyor::collectors::protection {

// "Key=value" lines of `systemctl show --property=...`.
std::map<std::string, std::string> ParseKeyValueLines(std::string_view text);

// Shell-style KEY=value / KEY="value" assignments (ufw.conf, /etc/default/ufw).
std::map<std::string, std::string> ParseShellAssignments(std::string_view text);

struct NftSummary {
  std::uint32_t tables = 0;
  std::uint32_t rules = 0;
  std::uint32_t input_chains = 0;       // Base chains on the input hook.
  std::uint32_t input_drop_policy = 0;  // ... whose policy is drop.
};
std::expected<NftSummary, ParseError> ParseNftRuleset(std::string_view json);

// "major:minor" of the device mounted at "/" (the last such mount wins).
std::optional<std::string> RootDeviceNumber(std::string_view mountinfo);

// "luks1"/"luks2" for a device-mapper UUID "CRYPT-LUKS2-<uuid>-<name>",
// "crypt" for other dm-crypt types, empty for anything else.
std::string CryptTypeFromDmUuid(std::string_view uuid);

// Effective value of an APT configuration option across files read in order
// (later wins); keys compare case-insensitively, "A::B" and nested "A { B ...
// }" forms both count. nullopt when never set.
std::optional<std::string> AptConfigValue(
    const std::vector<std::string_view>& files, std::string_view key);

// Value of `key` in `[section]` of an INI file (dnf automatic.conf).
std::optional<std::string> IniValue(std::string_view text,
                                    std::string_view section,
                                    std::string_view key);

}  // namespace surveyor::collectors::protection
