// MANIFEST.sha256 in the BSD-style format `sha256sum --tag` writes and
// `sha256sum -c` / `signify -C` check: "SHA256 (path) = <64 hex>\n" per
// file, sorted by path. Pure.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"

namespace surveyor::evidence {

inline constexpr std::string_view kManifestName = "MANIFEST.sha256";
inline constexpr std::string_view kSignatureName = "MANIFEST.sha256.sig";
inline constexpr std::string_view kPublicKeyName = "evidence-public-key.pem";
// An RFC 3161 time-stamp token over MANIFEST.sha256, when configured.
inline constexpr std::string_view kTimestampName = "MANIFEST.sha256.tsr";

// (path, lowercase hex SHA-256) pairs -> manifest text, sorted by path.
std::string ManifestText(
    std::vector<std::pair<std::string, std::string>> files);

// The manifest's (path, hex) pairs; kParse naming the line for anything
// else (a path with a newline or backslash, a bad digest, a repeated path).
std::expected<std::vector<std::pair<std::string, std::string>>, common::Error>
ParseManifest(std::string_view text);

}  // namespace surveyor::evidence
