#include "service/store/schema.h"

#include <string>

namespace surveyor::service {
namespace {

// Software history: one row per (host, package identity, version) stay.
// A row with removed_at NULL is installed now; its "last seen" is the host's
// last_seen, so an unchanged check-in writes nothing here.
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE tenants (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE enroll_secrets (
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  secret_hash BLOB NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE tokens (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER REFERENCES tenants(id),
  token_hash BLOB NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE hosts (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  agent_id TEXT NOT NULL UNIQUE,
  machine_id TEXT NOT NULL,
  hostname TEXT NOT NULL,
  os TEXT NOT NULL DEFAULT '',
  node_key_hash BLOB UNIQUE,
  enrolled_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL DEFAULT 0,
  last_sequence INTEGER NOT NULL DEFAULT 0,
  UNIQUE (tenant_id, machine_id)
);
CREATE TABLE snapshots (
  host_id INTEGER NOT NULL,
  sequence INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  outbox_evicted INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (host_id, sequence)
) WITHOUT ROWID;
CREATE TABLE sections (
  host_id INTEGER NOT NULL,
  collector TEXT NOT NULL,
  content_hash BLOB NOT NULL,
  section BLOB NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (host_id, collector)
) WITHOUT ROWID;
CREATE TABLE software (
  host_id INTEGER NOT NULL,
  source INTEGER NOT NULL,
  name TEXT NOT NULL,
  arch TEXT NOT NULL,
  variant TEXT NOT NULL,
  version TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  initial INTEGER NOT NULL,
  removed_at INTEGER
);
CREATE INDEX software_current ON software (host_id, source, name, arch, variant, version)
  WHERE removed_at IS NULL;
CREATE INDEX software_first_seen ON software (first_seen) WHERE initial = 0;
CREATE INDEX software_removed_at ON software (removed_at) WHERE removed_at IS NOT NULL;
)sql",
    // Software sections keep the multiset digest of their packages (the
    // packages themselves are the software rows), so deltas are verified
    // without the base. Rows from version 1 have none: their next delta is
    // answered with resend_full.
    R"sql(
ALTER TABLE sections ADD COLUMN digest BLOB;
)sql",
    // Findings: catalogued products per host (with per-tenant host counts
    // kept up to date), findings with their lifecycle, tenant policies, and
    // how many snapshots in a row each collector has failed.
    R"sql(
ALTER TABLE sections ADD COLUMN error_streak INTEGER NOT NULL DEFAULT 0;
CREATE TABLE host_products (
  tenant_id INTEGER NOT NULL,
  host_id INTEGER NOT NULL,
  product TEXT NOT NULL,
  category TEXT NOT NULL,
  realtime INTEGER NOT NULL,
  source INTEGER NOT NULL,
  package TEXT NOT NULL,
  version TEXT NOT NULL
);
CREATE INDEX host_products_host ON host_products (host_id, source, package, version);
CREATE INDEX host_products_tenant ON host_products (tenant_id, product);
CREATE TABLE tenant_products (
  tenant_id INTEGER NOT NULL,
  product TEXT NOT NULL,
  category TEXT NOT NULL,
  hosts INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, product)
) WITHOUT ROWID;
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  scope TEXT NOT NULL,
  detail BLOB NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  resolved_at INTEGER,
  reopened INTEGER NOT NULL DEFAULT 0,
  UNIQUE (tenant_id, key)
);
CREATE INDEX findings_scope ON findings (tenant_id, scope);
CREATE TABLE policies (
  tenant_id INTEGER PRIMARY KEY,
  policy BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql",
    // Agent identity keys: a host is bound to the public key it enrolled
    // with, so one machine id can belong to several hosts (a conflicting
    // enrollment, cloned machines). The table is rebuilt to drop the unique
    // (tenant, machine id). Snapshots keep the digest of their bytes, so a
    // repeated sequence is a duplicate only when it is the same snapshot.
    R"sql(
CREATE TABLE hosts_v4 (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  agent_id TEXT NOT NULL UNIQUE,
  machine_id TEXT NOT NULL,
  hostname TEXT NOT NULL,
  os TEXT NOT NULL DEFAULT '',
  node_key_hash BLOB UNIQUE,
  enrolled_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL DEFAULT 0,
  last_sequence INTEGER NOT NULL DEFAULT 0,
  public_key BLOB,
  proof_ms INTEGER NOT NULL DEFAULT 0,
  conflicts_with TEXT NOT NULL DEFAULT '',
  retired_at INTEGER
);
INSERT INTO hosts_v4 (id, tenant_id, agent_id, machine_id, hostname, os,
  node_key_hash, enrolled_at, last_seen, last_sequence)
  SELECT id, tenant_id, agent_id, machine_id, hostname, os, node_key_hash,
         enrolled_at, last_seen, last_sequence FROM hosts;
DROP TABLE hosts;
ALTER TABLE hosts_v4 RENAME TO hosts;
CREATE INDEX hosts_machine ON hosts (tenant_id, machine_id);
CREATE UNIQUE INDEX hosts_public_key ON hosts (tenant_id, public_key)
  WHERE public_key IS NOT NULL;
ALTER TABLE snapshots ADD COLUMN digest BLOB;
CREATE TABLE rejected_keys (
  tenant_id INTEGER NOT NULL,
  public_key BLOB NOT NULL,
  agent_id TEXT NOT NULL,
  rejected_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, public_key)
) WITHOUT ROWID;
)sql",
    // API tokens: an optional expiry and a label for `token list`.
    R"sql(
ALTER TABLE tokens ADD COLUMN expires_at INTEGER;
ALTER TABLE tokens ADD COLUMN label TEXT NOT NULL DEFAULT '';
)sql",
    // History retention prunes snapshot records by age.
    R"sql(
CREATE INDEX snapshots_received ON snapshots (received_at);
)sql",
    // SaaS contract terms per tenant (contract set), and each
    // subscription's seat counts per day (its latest figures that day).
    R"sql(
CREATE TABLE saas_contracts (
  tenant_id INTEGER PRIMARY KEY,
  contracts BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE saas_days (
  tenant_id INTEGER NOT NULL,
  vendor TEXT NOT NULL,
  sku_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  sku_name TEXT NOT NULL,
  purchased INTEGER NOT NULL,
  assigned INTEGER NOT NULL,
  active INTEGER,
  wasted INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, vendor, sku_id, day)
) WITHOUT ROWID;
CREATE INDEX saas_days_day ON saas_days (day);
)sql",
    // Weekly digest deliveries, one row per tenant and ISO week.
    R"sql(
CREATE TABLE digest_sends (
  tenant_id INTEGER NOT NULL,
  week TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  claimed_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  sent_at INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  message_id TEXT NOT NULL,
  PRIMARY KEY (tenant_id, week)
) WITHOUT ROWID;
)sql",
    // Compliance evidence: each host's control state when it changes, and
    // the days it reported (with the agent's clock skew that day).
    R"sql(
CREATE TABLE control_states (
  host_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  state BLOB NOT NULL,
  PRIMARY KEY (host_id, at)
) WITHOUT ROWID;
CREATE TABLE report_days (
  host_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  first_at INTEGER NOT NULL,
  skew INTEGER NOT NULL,
  PRIMARY KEY (host_id, day)
) WITHOUT ROWID;
)sql",
    // What auditors ask of a package beyond its identity (CIS 2.1):
    // publisher and install date as the package manager tells.
    R"sql(
ALTER TABLE software ADD COLUMN publisher TEXT;
ALTER TABLE software ADD COLUMN installed_at INTEGER;
)sql",
    // Browser extensions: the name the extension gives itself, and whether
    // it can read and change every site (NULL for other packages). A
    // product seen through a dpkg package that is not fully installed
    // keeps that package's state.
    R"sql(
ALTER TABLE software ADD COLUMN display_name TEXT;
ALTER TABLE software ADD COLUMN all_sites INTEGER;
ALTER TABLE host_products ADD COLUMN package_state TEXT NOT NULL DEFAULT '';
)sql",
};

}  // namespace

int SqliteSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

std::expected<void, common::Error> Migrate(const common::Database& db,
                                           int target) {
  const int kLatest =
      target > 0 ? target : static_cast<int>(std::size(kMigrations));
  // The version is read inside the write transaction, so two processes
  // opening one database at once never apply a migration twice.
  common::Transaction tx(db);
  SURVEYOR_TRY(tx.Begin());
  int current = 0;
  {
    SURVEYOR_ASSIGN_OR_RETURN(auto version, db.Prepare("PRAGMA user_version"));
    SURVEYOR_ASSIGN_OR_RETURN(bool has_row, version.Step());
    if (has_row) current = static_cast<int>(version.ColumnInt(0));
  }
  if (current > kLatest) {
    return common::Fail(
        common::ErrorCode::kUnsupported,
        db.path() + ": schema version " + std::to_string(current) +
            " is newer than this server (" + std::to_string(kLatest) + ")");
  }
  for (int v = current; v < kLatest; ++v) {
    std::string script = std::string(kMigrations[v]) +
                         "PRAGMA user_version = " + std::to_string(v + 1) + ";";
    if (auto r = db.ExecScript(script); !r) {
      return std::unexpected(
          r.error().Wrap("migration " + std::to_string(v + 1)));
    }
  }
  return tx.Commit();
}

}  // namespace surveyor::service
