// The software catalog: loading, validation and matching of inventory
// entries to products (schema: proto/surveyor/v1/catalog.proto; the shipped
// data: service/catalog/catalog.textproto, compiled into the server).
//
// Matching is exact name first, then the longest "prefix*" pattern, per
// source. An entry no pattern claims is uncatalogued: callers keep it visible
// rather than dropping it. Immutable after construction; thread-safe.
#pragma once

#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/error.h"
#include "surveyor/v1/catalog.pb.h"

namespace surveyor::findings {

// Where an inventory entry comes from, as far as matching cares.
enum class MatchSource {
  kDeb,
  kRpm,
  kFlatpak,
  kSnap,
  kWindows,  // Add/Remove Programs DisplayName (+ Publisher)
  kMacos,    // bundle id
  kBrowserExtension,
  kMsix,  // Windows app package identity Name
};
constexpr int kMatchSources = 8;

// "deb" (or "dpkg"), "rpm", "flatpak", "snap", "windows", "macos",
// "browser-extension", "msix".
std::optional<MatchSource> ParseMatchSource(std::string_view name);
std::string_view MatchSourceName(MatchSource source);
// The match source of a v1::PackageSource value; nullopt for unknown ones.
std::optional<MatchSource> FromPackageSource(int package_source);

// Control ids the catalog may name.
bool IsKnownControl(std::string_view id);
// The controls the host rules check, which a policy may require: all known
// ones except "password-manager" (a catalog tag, not checked per host).
std::vector<std::string_view> HostControls();

class Catalog {
 public:
  // Parses and validates catalog text. Errors are kParse/kInvalidArgument
  // with "<origin>:<line>:<column>: <what>".
  static std::expected<Catalog, common::Error> Parse(std::string_view text,
                                                     std::string_view origin);
  // The catalog compiled into the server.
  static std::expected<Catalog, common::Error> Builtin();
  // The built-in catalog, or the file at `path` when it is not empty.
  static std::expected<Catalog, common::Error> Load(const std::string& path);

  // The product `name` (and, for Windows, `publisher`) belongs to, or null.
  const v1::CatalogProduct* Match(MatchSource source, std::string_view name,
                                  std::string_view publisher = {}) const;

  const v1::CatalogProduct* Product(std::string_view id) const;
  const v1::CatalogCategory* Category(std::string_view id) const;
  const v1::Catalog& proto() const { return catalog_; }
  // SHA-256 (hex) of the catalog's content: changes when any entry does.
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  struct Index {
    std::unordered_map<std::string, int> exact;
    std::vector<std::pair<std::string, int>> prefixes;  // Longest first.
  };

  v1::Catalog catalog_;
  std::string fingerprint_;
  Index index_[kMatchSources];
  std::map<std::string, int, std::less<>> products_;
  std::map<std::string, int, std::less<>> categories_;
};

}  // namespace surveyor::findings
