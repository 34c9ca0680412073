#include "service/findings/catalog.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "common/hash.h"
#include "common/snapshot_delta.h"
#include "common/textproto.h"
#include "surveyor/v1/software.pb.h"

// The shipped catalog, embedded at build time (SURVEYOR_CATALOG_FILE).
extern "C" const char surveyor_builtin_catalog[];
extern "C" const char surveyor_builtin_catalog_end[];
asm(".section .rodata\n"
    ".global surveyor_builtin_catalog\n"
    ".global surveyor_builtin_catalog_end\n"
    "surveyor_builtin_catalog:\n"
    ".incbin \"" SURVEYOR_CATALOG_FILE
    "\"\n"
    "surveyor_builtin_catalog_end:\n"
    ".byte 0\n"
    ".previous\n");

namespace surveyor::findings {
namespace {

using common::ErrorCode;
using common::Fail;

constexpr std::array<std::string_view, kMatchSources> kSourceNames = {
    "deb",     "rpm",   "flatpak",           "snap",
    "windows", "macos", "browser-extension", "msix"};

constexpr std::string_view kControls[] = {
    "anti-malware",     "backup",       "disk-encryption", "firewall",
    "password-manager", "auto-updates", "agent-reporting", "collector-health"};

bool IsSlug(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// The patterns of one product for one source.
const google::protobuf::RepeatedPtrField<std::string>& Patterns(
    const v1::CatalogProduct& p, MatchSource s) {
  switch (s) {
    case MatchSource::kDeb:
      return p.deb();
    case MatchSource::kRpm:
      return p.rpm();
    case MatchSource::kFlatpak:
      return p.flatpak();
    case MatchSource::kSnap:
      return p.snap();
    case MatchSource::kWindows:
      return p.windows_display_name();
    case MatchSource::kMacos:
      return p.macos_bundle_id();
    case MatchSource::kBrowserExtension:
      return p.browser_extension_id();
    case MatchSource::kMsix:
      return p.msix_package_name();
  }
  return p.deb();
}

bool GlobMatches(std::string_view pattern, std::string_view value) {
  if (pattern.ends_with('*')) {
    return value.starts_with(pattern.substr(0, pattern.size() - 1));
  }
  return pattern == value;
}

}  // namespace

std::optional<MatchSource> ParseMatchSource(std::string_view name) {
  if (name == "dpkg") return MatchSource::kDeb;
  for (int i = 0; i < kMatchSources; ++i) {
    if (kSourceNames[static_cast<std::size_t>(i)] == name) {
      return static_cast<MatchSource>(i);
    }
  }
  return std::nullopt;
}

std::string_view MatchSourceName(MatchSource source) {
  return kSourceNames[static_cast<std::size_t>(source)];
}

std::optional<MatchSource> FromPackageSource(int package_source) {
  switch (package_source) {
    case v1::PACKAGE_SOURCE_DPKG:
      return MatchSource::kDeb;
    case v1::PACKAGE_SOURCE_RPM:
      return MatchSource::kRpm;
    case v1::PACKAGE_SOURCE_FLATPAK:
      return MatchSource::kFlatpak;
    case v1::PACKAGE_SOURCE_SNAP:
      return MatchSource::kSnap;
    case v1::PACKAGE_SOURCE_BROWSER:
      return MatchSource::kBrowserExtension;
    case v1::PACKAGE_SOURCE_WINDOWS:
      return MatchSource::kWindows;
    case v1::PACKAGE_SOURCE_MSIX:
      return MatchSource::kMsix;
    default:
      return std::nullopt;
  }
}

std::vector<std::string_view> HostControls() {
  std::vector<std::string_view> out;
  for (std::string_view c : kControls) {
    if (c != "password-manager") out.push_back(c);
  }
  return out;
}

bool IsKnownControl(std::string_view id) {
  return std::find(std::begin(kControls), std::end(kControls), id) !=
         std::end(kControls);
}

std::expected<Catalog, common::Error> Catalog::Parse(std::string_view text,
                                                     std::string_view origin) {
  Catalog c;
  google::protobuf::TextFormat::ParseInfoTree where;
  SURVEYOR_TRY(common::ParseTextProto(text, origin, c.catalog_, &where));
  const auto* desc = v1::Catalog::descriptor();
  const auto* products_field = desc->FindFieldByName("products");
  const auto* categories_field = desc->FindFieldByName("categories");
  auto bad = [&](const google::protobuf::FieldDescriptor* f, int i,
                 const std::string& what) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(origin) + ":" + common::TextLocation(where, f, i) +
                    ": " + what);
  };
  for (int i = 0; i < c.catalog_.categories_size(); ++i) {
    const auto& cat = c.catalog_.categories(i);
    if (!IsSlug(cat.id())) {
      return bad(categories_field, i,
                 "category id '" + cat.id() +
                     "' must be a lowercase slug (a-z, 0-9, -)");
    }
    if (cat.name().empty()) {
      return bad(categories_field, i,
                 "category '" + cat.id() + "' needs a name");
    }
    if (!c.categories_.emplace(cat.id(), i).second) {
      return bad(categories_field, i, "duplicate category '" + cat.id() + "'");
    }
  }
  // Which product claimed each (source, pattern) first.
  std::map<std::pair<int, std::string>, std::string> claimed;
  for (int i = 0; i < c.catalog_.products_size(); ++i) {
    const auto& p = c.catalog_.products(i);
    if (!IsSlug(p.id())) {
      return bad(
          products_field, i,
          "product id '" + p.id() + "' must be a lowercase slug (a-z, 0-9, -)");
    }
    const std::string who = "product '" + p.id() + "': ";
    if (p.name().empty()) return bad(products_field, i, who + "needs a name");
    if (p.vendor().empty())
      return bad(products_field, i, who + "needs a vendor");
    if (!c.categories_.contains(p.category())) {
      return bad(products_field, i,
                 who + "unknown category '" + p.category() + "'");
    }
    if (!c.products_.emplace(p.id(), i).second) {
      return bad(products_field, i, "duplicate product '" + p.id() + "'");
    }
    for (const auto& control : p.controls()) {
      if (!IsKnownControl(control)) {
        return bad(products_field, i,
                   who + "unknown control '" + control + "'");
      }
    }
    if (!p.saas_vendor().empty() && !IsSlug(p.saas_vendor())) {
      return bad(products_field, i, who + "saas_vendor must be a slug");
    }
    int patterns = 0;
    for (int s = 0; s < kMatchSources; ++s) {
      for (const std::string& pat : Patterns(p, static_cast<MatchSource>(s))) {
        auto star = pat.find('*');
        if (pat.empty() ||
            (star != std::string::npos && star + 1 != pat.size()) ||
            (star != std::string::npos && star < 3)) {
          return bad(products_field, i,
                     who + "pattern '" + pat +
                         "' must be a name, or at least 3 characters then "
                         "a final '*'");
        }
        auto [it, fresh] = claimed.emplace(std::pair{s, pat}, p.id());
        if (!fresh) {
          return bad(
              products_field, i,
              who + std::string(kSourceNames[static_cast<std::size_t>(s)]) +
                  " pattern '" + pat + "' is already product '" + it->second +
                  "'");
        }
        Index& index = c.index_[s];
        if (star == std::string::npos) {
          index.exact.emplace(pat, i);
        } else {
          index.prefixes.emplace_back(pat.substr(0, star), i);
        }
        ++patterns;
      }
    }
    if (patterns == 0) {
      return bad(products_field, i, who + "has no detection pattern");
    }
    for (const auto& pub : p.windows_publisher()) {
      if (pub.empty()) return bad(products_field, i, who + "empty publisher");
    }
  }
  for (Index& index : c.index_) {
    std::stable_sort(index.prefixes.begin(), index.prefixes.end(),
                     [](const auto& a, const auto& b) {
                       return a.first.size() > b.first.size();
                     });
  }
  c.fingerprint_ =
      common::HexEncode(common::Sha256(common::DeterministicBytes(c.catalog_)));
  return c;
}

std::expected<Catalog, common::Error> Catalog::Builtin() {
  std::string_view text(surveyor_builtin_catalog,
                        static_cast<std::size_t>(surveyor_builtin_catalog_end -
                                                 surveyor_builtin_catalog));
  return Parse(text, "built-in catalog");
}

std::expected<Catalog, common::Error> Catalog::Load(const std::string& path) {
  if (path.empty()) return Builtin();
  std::ifstream in(path);
  if (!in) return Fail(ErrorCode::kNotFound, path + ": cannot open catalog");
  std::stringstream ss;
  ss << in.rdbuf();
  return Parse(ss.str(), path);
}

const v1::CatalogProduct* Catalog::Match(MatchSource source,
                                         std::string_view name,
                                         std::string_view publisher) const {
  const Index& index = index_[static_cast<int>(source)];
  auto check = [&](int i) -> const v1::CatalogProduct* {
    const auto& p = catalog_.products(i);
    if (source == MatchSource::kWindows && !p.windows_publisher().empty()) {
      bool ok = std::any_of(
          p.windows_publisher().begin(), p.windows_publisher().end(),
          [&](const std::string& pat) { return GlobMatches(pat, publisher); });
      if (!ok) return nullptr;
    }
    return &p;
  };
  if (auto it = index.exact.find(std::string(name)); it != index.exact.end()) {
    if (const auto* p = check(it->second)) return p;
  }
  for (const auto& [prefix, i] : index.prefixes) {
    if (name.starts_with(prefix)) {
      if (const auto* p = check(i)) return p;
    }
  }
  return nullptr;
}

const v1::CatalogProduct* Catalog::Product(std::string_view id) const {
  auto it = products_.find(id);
  return it == products_.end() ? nullptr : &catalog_.products(it->second);
}

const v1::CatalogCategory* Catalog::Category(std::string_view id) const {
  auto it = categories_.find(id);
  return it == categories_.end() ? nullptr : &catalog_.categories(it->second);
}

}  // namespace surveyor::findings
