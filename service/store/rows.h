// The row types the storage interface (store.h) reads and writes. Plain
// values; no behaviour. Times are seconds since the epoch.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/multiset_digest.h"
#include "service/store/software_keys.h"
#include "surveyor/v1/findings.pb.h"
#include "surveyor/v1/snapshot.pb.h"

namespace surveyor::service {

struct Tenant {
  std::int64_t id = 0;
  std::string name;
  std::int64_t created_at = 0;
  std::int64_t hosts = 0;  // Filled by Tenants() only.
};

struct Host {
  std::int64_t id = 0;
  std::int64_t tenant_id = 0;
  std::string tenant;
  std::string agent_id;
  std::string machine_id;
  std::string hostname;
  std::string os;
  std::int64_t enrolled_at = 0;
  std::int64_t last_seen = 0;
  std::uint64_t last_sequence = 0;
  // The agent's Ed25519 public key (empty for hosts enrolled before agents
  // had one: the next enrollment binds it).
  std::string public_key;
  // Milliseconds: the last accepted enrollment proof of that key.
  std::int64_t proof_ms = 0;
  // Agent id of the host whose machine id this one enrolled with, without
  // its key; empty once an admin accepted it (or when there was none).
  std::string conflicts_with;
  // When an admin retired it (0: in service).
  std::int64_t retired_at = 0;
};

// A stored credential hash and whom it belongs to. The hash is returned so
// the caller can compare it in constant time (service/domain/credentials.h).
struct CredentialRow {
  std::optional<std::int64_t> tenant_id;  // Empty: an admin token.
  std::string hash;
  std::int64_t expires_at = 0;  // Tokens: 0 never.
};

// An API token as `token list` shows it (never its secret or hash).
struct TokenRow {
  std::int64_t id = 0;
  std::string tenant;  // Empty: an admin token.
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;  // 0: never.
  std::string label;
};

// Who an API token speaks for.
struct Principal {
  std::optional<std::int64_t> tenant_id;  // Empty for an admin token.
  bool admin() const { return !tenant_id.has_value(); }
};

// A sections row: the section as kept (for software: the envelope without
// packages), its content hash as the column holds it, the software multiset
// digest, and how many snapshots in a row reported errors for it.
struct StoredSection {
  v1::Section section;
  std::optional<common::MultisetDigest> digest;
  std::int64_t error_streak = 0;
};

struct SoftwareRow {
  std::string agent_id;  // Empty in tenant-wide listings.
  std::string source;    // "dpkg", "rpm", "flatpak", "snap", ...
  std::string name;
  std::string version;
  std::string architecture;
  std::int64_t first_seen = 0;
  std::int64_t hosts = 0;    // Tenant-wide listings: hosts with this version.
  std::string display_name;  // Browser extensions: the name they give.
};

// A browser extension installed on a host that can read and change every
// site (software rows with all_sites set).
struct AllSitesExtension {
  std::string id;       // the extension id (the software row's name)
  std::string variant;  // "browser:user:profile"
  std::string version;
  std::string display_name;
};

// One software history row that began or ended in a time window.
struct HistoryRow {
  std::string agent_id;
  std::string hostname;
  SoftwareKey key;
  std::int64_t first_seen = 0;
  bool initial = false;  // Part of the host's first inventory.
  std::optional<std::int64_t> removed_at;
};

struct Change {
  std::string agent_id;
  std::string hostname;
  std::string kind;  // "installed", "removed", "upgraded".
  std::string source;
  std::string name;
  std::string architecture;
  std::string from_version;  // removed/upgraded
  std::string to_version;    // installed/upgraded
  std::int64_t at = 0;
  std::string publisher;  // Windows programs (catalog matching needs it)
};

// What an ingest changed, for the findings engine to re-evaluate only that.
struct IngestStats {
  std::uint64_t packages_added = 0;
  std::uint64_t packages_removed = 0;
  // Installed-software history changes, by key.
  std::vector<SoftwareKey> software_removed;
  std::vector<SoftwareKey> software_added;
  // Collectors whose payload changed, or that reported errors now or last
  // time.
  std::vector<std::string> touched_collectors;
  // Of those, the ones that reported errors now or last time.
  std::vector<std::string> error_collectors;
};

// A catalogued product seen on a host, through one of its packages.
struct HostProduct {
  std::int64_t host_id = 0;
  std::string agent_id;  // Filled by reads.
  std::string hostname;  // Filled by reads.
  std::string product;   // Catalog product id.
  std::string category;  // Catalog category id.
  bool realtime_engine = false;
  std::int64_t source = 0;  // v1::PackageSource.
  std::string package;
  std::string version;
  // How far a dpkg package is installed when not fully ("unpacked
  // (install)"); empty otherwise.
  std::string package_state;
};

// A catalogued product across a tenant.
struct TenantProduct {
  std::string product;
  std::string category;
  std::int64_t hosts = 0;
};

// A change of a tenant's host count of one product.
struct ProductHostsDelta {
  std::string product;
  std::string category;  // Used when the product's row is created.
  std::int64_t delta = 0;
};

// An inventory entry no catalog product claims, across a tenant.
struct UncataloguedRow {
  std::string source;
  std::string name;
  std::int64_t hosts = 0;
};

// What the host-level rules read about one host.
struct HostState {
  Host host;
  std::optional<v1::Section> protection;
  std::optional<v1::Section> backup;
  std::vector<AllSitesExtension> all_sites_extensions;
  // Collector -> consecutive snapshots with errors, and the latest error.
  std::map<std::string, std::pair<std::int64_t, std::string>> failing;
};

// A stored finding's identity within its scope.
struct FindingRow {
  std::int64_t id = 0;
  std::string key;
  bool resolved = false;
};

// How saving a scope's findings changed them.
struct FindingsDelta {
  int opened = 0;
  int reopened = 0;
  int updated = 0;
  int resolved = 0;
};

// What one PruneHistory call deleted.
struct PrunedRows {
  std::int64_t software = 0;
  std::int64_t snapshots = 0;
  std::int64_t findings = 0;
  std::int64_t saas_days = 0;
  std::int64_t evidence = 0;  // control states and report days
};

// One subscription's seat counts on one day (its latest figures that day).
struct SaasDayRow {
  std::string vendor, sku_id, sku_name;
  std::int64_t day = 0;  // 00:00 UTC, seconds
  std::int64_t purchased = 0, assigned = 0, wasted = 0;
  std::optional<std::int64_t> active;
};

}  // namespace surveyor::service
