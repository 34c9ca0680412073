// Parsers for the outputs the macOS agent's probes will read: `fdesetup
// status`, `spctl --status`, `socketfilterfw --getglobalstate` and XProtect's
// Info.plist. Pure. The probes come with the macOS agent.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "collectors/parse_error.h"
#include "surveyor/v1/protection.pb.h"

namespace surveyor::collectors::protection {

// "FileVault is On." / "FileVault is Off." / "Encryption in progress: ...".
v1::DiskEncryption ParseFdesetupStatus(std::string_view text);

// "assessments enabled" / "assessments disabled": Gatekeeper.
v1::TriState ParseSpctlStatus(std::string_view text);

// socketfilterfw's --getglobalstate (and, in the same text, --getblockall
// and --getstealthmode): "Firewall is enabled. (State = 1)", "(State = 2)",
// "Firewall is blocking all non-essential incoming connections. (State =
// 2)" or "Firewall is disabled. (State = 0)". Any non-zero state is on;
// block all only when the text says so.
v1::FirewallState ParseAlfGlobalState(std::string_view text);

// CFBundleShortVersionString of XProtect.bundle/Contents/Info.plist.
std::expected<std::string, ParseError> ParseXProtectVersion(
    std::string_view info_plist);

}  // namespace surveyor::collectors::protection
