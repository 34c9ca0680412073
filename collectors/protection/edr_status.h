// Parsers for the status outputs of Linux endpoint-protection agents:
// Microsoft Defender for Endpoint (`mdatp health --output json`), CrowdStrike
// Falcon (`falconctl -g --rfm-state --version`) and SentinelOne
// (`sentinelctl version` / `control status` / `management status`). Pure:
// they fill a ProtectionProduct from bytes.
#pragma once

#include <expected>
#include <map>
#include <string>
#include <string_view>

#include "collectors/parse_error.h"
#include "surveyor/v1/protection.pb.h"

namespace surveyor::collectors::protection {

// Fills version, signature version and time, real-time protection, managed
// (an orgId is present), and issues (healthIssues, unlicensed, definitions
// not up to date).
std::expected<void, ParseError> ParseMdatpHealth(std::string_view json,
                                                 v1::ProtectionProduct& out);

// "key=value" / "key = value" pairs separated by commas or newlines, with
// quotes and a trailing '.' removed: {"rfm-state": "false", "version": "7.1"}.
std::map<std::string, std::string> ParseFalconctlOptions(std::string_view text);

// "Key: value" lines and "Key   value" aligned columns (what sentinelctl
// prints), keys lower-cased: {"agent version": "23.4.2.14", "agent state":
// "Enabled"}.
std::map<std::string, std::string> ParseStatusFields(std::string_view text);

}  // namespace surveyor::collectors::protection
