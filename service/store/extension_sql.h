// SQL shared by both backends for browser extensions in the software rows.
// Parameters are $N and appear in order (SQLite numbers them so too).
#pragma once

namespace surveyor::service {

// A host's installed extensions with access to every site: $1 host id,
// $2 PACKAGE_SOURCE_BROWSER. Columns: id, variant, version, display_name.
inline constexpr const char* kAllSitesExtensionsSql =
    "SELECT name, variant, version, COALESCE(display_name, '') FROM software "
    "WHERE host_id = $1 AND source = $2 AND removed_at IS NULL "
    "AND all_sites = 1 ORDER BY name, variant";

}  // namespace surveyor::service
