// An extension's manifest.json and its localised strings (_locales/<locale>/
// messages.json), as Chromium-family browsers and Firefox read them. Pure:
// bytes in, values out.
#pragma once

#include <boost/json/object.hpp>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"

namespace surveyor::collectors::browser {

struct ExtensionManifest {
  std::string name;  // may be a "__MSG_key__" reference
  std::string version;
  std::string default_locale;  // e.g. "en"; empty when not localised
  // API permissions ("tabs", "cookies"), from "permissions".
  std::vector<std::string> permissions;
  // Match patterns of the sites it may read and change: "host_permissions"
  // (manifest v3), the URL patterns among "permissions" (v2), and every
  // content script's "matches"; each pattern once, in that order.
  std::vector<std::string> host_permissions;
};

// A manifest.json file. Comments and trailing commas are accepted, as the
// browsers accept them.
std::expected<ExtensionManifest, ParseError> ParseExtensionManifest(
    std::string_view text);

// The same fields from a manifest already parsed (Chromium's Preferences
// kept a copy of each extension's manifest until about version 80).
ExtensionManifest ManifestFromJson(const boost::json::object& manifest);

// "extName" for "__MSG_extName__"; empty when `value` is not a message
// reference.
std::string_view MessageKey(std::string_view value);

// The message `key` of a messages.json file; names are case-insensitive as
// in the browsers. nullopt when the file has no such message.
std::expected<std::optional<std::string>, ParseError> LookupMessage(
    std::string_view messages_json, std::string_view key);

// Whether a match pattern covers every site: "<all_urls>", or a pattern
// whose host is "*" for any web scheme ("*://*/*", "https://*/*").
bool CoversAllSites(std::string_view pattern);

// True when any of `patterns` covers every site.
bool AnyCoversAllSites(const std::vector<std::string>& patterns);

}  // namespace surveyor::collectors::browser
