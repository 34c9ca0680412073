// The server's storage interface: tenants and their credentials, enrolled
// hosts, ingested snapshots with software history, and the reads behind the
// JSON API. Kept narrow so that a PostgreSQL implementation can replace the
// embedded SQLite one (sqlite_store.h) without touching callers.
//
// Credentials (enrollment secrets, node keys, API tokens) are generated here,
// returned once, and stored only as SHA-256 hashes.
//
// Thread-safety: an implementation object is used by one thread at a time;
// open one per thread.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "service/store/software_keys.h"
#include "surveyor/v1/findings.pb.h"
#include "surveyor/v1/service.pb.h"
#include "surveyor/v1/snapshot.pb.h"

namespace surveyor::service {

struct Tenant {
  std::int64_t id = 0;
  std::string name;
  std::int64_t created_at = 0;
  std::int64_t hosts = 0;
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
};

// Who an API token speaks for.
struct Principal {
  std::optional<std::int64_t> tenant_id;  // Empty for an admin token.
  bool admin() const { return !tenant_id.has_value(); }
};

struct SoftwareRow {
  std::string agent_id;  // Empty in tenant-wide listings.
  std::string source;    // "dpkg", "rpm", "flatpak", "snap".
  std::string name;
  std::string version;
  std::string architecture;
  std::int64_t first_seen = 0;
  std::int64_t hosts = 0;  // Tenant-wide listings: hosts with this version.
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
};

// A catalogued product across a tenant.
struct TenantProduct {
  std::string product;
  std::string category;
  std::int64_t hosts = 0;
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
  // Collector -> consecutive snapshots with errors, and the latest error.
  std::map<std::string, std::pair<std::int64_t, std::string>> failing;
};

// How a SaveFindings call changed the stored findings.
struct FindingsDelta {
  int opened = 0;
  int reopened = 0;
  int updated = 0;
  int resolved = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // --- Administration ------------------------------------------------------
  // Creates a tenant and returns its enrollment secret.
  virtual std::expected<std::string, common::Error> AddTenant(
      const std::string& name, std::int64_t now) = 0;
  virtual std::expected<std::vector<Tenant>, common::Error> ListTenants() = 0;
  // Replaces the tenant's enrollment secret; enrolled hosts are unaffected.
  virtual std::expected<std::string, common::Error> RotateSecret(
      const std::string& tenant, std::int64_t now) = 0;
  // A read-only API token for one tenant, or (empty tenant) an admin token.
  virtual std::expected<std::string, common::Error> AddToken(
      const std::string& tenant, std::int64_t now) = 0;

  // --- Agents ---------------------------------------------------------------
  // kPermissionDenied for an unknown secret.
  virtual std::expected<v1::EnrollResponse, common::Error> Enroll(
      const v1::EnrollRequest& request, std::int64_t now) = 0;
  // kPermissionDenied for an unknown node key.
  virtual std::expected<Host, common::Error> AuthenticateNode(
      const std::string& node_key) = 0;
  // Applies a snapshot in one transaction; idempotent on (host, sequence).
  virtual std::expected<v1::SubmitResponse, common::Error> Ingest(
      const Host& host, const v1::Snapshot& snapshot, std::size_t wire_bytes,
      std::int64_t now, IngestStats* stats) = 0;

  // --- Reads ----------------------------------------------------------------
  virtual std::expected<Principal, common::Error> AuthenticateToken(
      const std::string& token) = 0;
  virtual std::expected<std::optional<Tenant>, common::Error> FindTenant(
      const std::string& name) = 0;
  virtual std::expected<std::vector<Host>, common::Error> Hosts(
      std::int64_t tenant_id) = 0;
  virtual std::expected<std::optional<Host>, common::Error> FindHost(
      const std::string& agent_id) = 0;
  virtual std::expected<std::vector<SoftwareRow>, common::Error> HostSoftware(
      std::int64_t host_id) = 0;
  virtual std::expected<std::vector<SoftwareRow>, common::Error> TenantSoftware(
      std::int64_t tenant_id) = 0;
  virtual std::expected<std::vector<Change>, common::Error> Changes(
      std::int64_t tenant_id, std::int64_t since, std::int64_t until) = 0;
  // The stored section of a host, if any. For software it is the envelope
  // (hash, errors, times, sources present): the packages are HostSoftware.
  virtual std::expected<std::optional<v1::Section>, common::Error> Section(
      std::int64_t host_id, const std::string& collector) = 0;

  // --- Findings (service/findings/) ----------------------------------------
  // Runs `work` in one write transaction; rolled back when it fails. The
  // calls below do not open transactions of their own.
  virtual std::expected<void, common::Error> InTransaction(
      const std::function<std::expected<void, common::Error>()>& work) = 0;
  // Catalogued products of a host: drops those whose package is in
  // `removed` (or all of them with `clear_all`), adds `added`, and keeps the
  // tenant's per-product host counts. Returns the products whose host count
  // changed.
  virtual std::expected<std::vector<std::string>, common::Error>
  UpdateHostProducts(const Host& host, const std::vector<SoftwareKey>& removed,
                     const std::vector<HostProduct>& added, bool clear_all) = 0;
  virtual std::expected<std::vector<HostProduct>, common::Error> HostProducts(
      std::int64_t host_id) = 0;
  // A host's installed software as history keys, sorted.
  virtual std::expected<std::vector<SoftwareKey>, common::Error> CurrentKeys(
      std::int64_t host_id) = 0;
  virtual std::expected<std::vector<TenantProduct>, common::Error>
  TenantProducts(std::int64_t tenant_id) = 0;
  // Up to `limit` hosts having `product`, with the package seen.
  virtual std::expected<std::vector<HostProduct>, common::Error> ProductHosts(
      std::int64_t tenant_id, const std::string& product, int limit) = 0;
  virtual std::expected<std::vector<UncataloguedRow>, common::Error>
  Uncatalogued(std::int64_t tenant_id) = 0;
  virtual std::expected<HostState, common::Error> LoadHostState(
      std::int64_t host_id) = 0;
  // Hosts of the tenant last seen before `before`.
  virtual std::expected<std::vector<std::int64_t>, common::Error> SilentHosts(
      std::int64_t tenant_id, std::int64_t before) = 0;
  // The findings now true for `scope` ("host:<id>" or "category:<id>"):
  // new keys open, keys seen before update their last_seen (a resolved one
  // reopens), open findings of the scope not in `current` resolve.
  virtual std::expected<FindingsDelta, common::Error> SaveFindings(
      std::int64_t tenant_id, const std::string& scope,
      const std::vector<v1::Finding>& current, std::int64_t now) = 0;
  virtual std::expected<std::vector<v1::Finding>, common::Error> ListFindings(
      std::int64_t tenant_id, bool open_only) = 0;
  virtual std::expected<std::optional<v1::TenantPolicy>, common::Error> Policy(
      std::int64_t tenant_id) = 0;
  virtual std::expected<void, common::Error> SetPolicy(
      std::int64_t tenant_id, const v1::TenantPolicy& policy,
      std::int64_t now) = 0;
  // Small server-wide values (e.g. the catalog fingerprint).
  virtual std::expected<std::string, common::Error> Meta(
      const std::string& key) = 0;
  virtual std::expected<void, common::Error> SetMeta(
      const std::string& key, const std::string& value) = 0;
};

}  // namespace surveyor::service
