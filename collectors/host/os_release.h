// Parser for os-release(5) files (/etc/os-release, /usr/lib/os-release).
// Pure: bytes in, values out.
#pragma once

#include <string>
#include <string_view>

#include "surveyor/v1/host.pb.h"

namespace surveyor::collectors::host {

// Unquotes one os-release value: double or single quotes, with \" \\ \$ \`
// escapes inside double quotes.
std::string UnquoteOsReleaseValue(std::string_view raw);

// Fills ID, NAME, VERSION_ID, PRETTY_NAME, VERSION_CODENAME and ID_LIKE.
// Unknown keys, comments and malformed lines are skipped, as systemd does.
v1::OperatingSystem ParseOsRelease(std::string_view text);

}  // namespace surveyor::collectors::host
