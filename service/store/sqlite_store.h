// The embedded Store: one SQLite file in WAL mode (one writer, concurrent
// readers on other connections), prepared statements only (through
// common::StatementCache), versioned migrations (schema.h). Open it through
// OpenStore("sqlite:DIR") (store_factory.h).
//
// A software section's packages live only in the software history rows; its
// sections row keeps the envelope and the multiset digest.
//
// Implemented by area: sqlite_store.cc (open, transactions),
// sqlite_tenants.cc, sqlite_hosts.cc, sqlite_sections.cc (sections and
// software rows), sqlite_history.cc, sqlite_findings.cc.
#pragma once

#include <memory>
#include <string>

#include "common/sqlite.h"
#include "service/store/store.h"

namespace surveyor::service {

class SqliteStore final : public Store {
 public:
  // Opens (creating and migrating) <data_dir>/surveyor.db.
  static std::expected<std::unique_ptr<SqliteStore>, common::Error> Open(
      const std::string& data_dir);

  std::expected<void, common::Error> InTransaction(
      const std::function<std::expected<void, common::Error>()>& work) override;
  // A no-op: BEGIN IMMEDIATE holds the database's one write lock.
  std::expected<void, common::Error> LockUntilCommit(LockScope,
                                                     std::int64_t) override {
    return {};
  }

  // TenantRows
  std::expected<std::int64_t, common::Error> InsertTenant(
      const std::string& name, std::int64_t now) override;
  std::expected<std::vector<Tenant>, common::Error> Tenants() override;
  std::expected<std::optional<Tenant>, common::Error> TenantByName(
      const std::string& name) override;
  std::expected<void, common::Error> ReplaceEnrollSecret(
      std::int64_t tenant_id, const std::string& hash,
      std::int64_t now) override;
  std::expected<std::optional<CredentialRow>, common::Error> EnrollSecretByHash(
      const std::string& hash) override;
  std::expected<std::int64_t, common::Error> InsertToken(
      std::optional<std::int64_t> tenant_id, const std::string& hash,
      std::int64_t now, std::int64_t expires_at,
      const std::string& label) override;
  std::expected<std::optional<CredentialRow>, common::Error> TokenByHash(
      const std::string& hash) override;
  std::expected<std::vector<TokenRow>, common::Error> Tokens() override;
  std::expected<bool, common::Error> DeleteToken(std::int64_t id) override;
  std::expected<void, common::Error> RenameTenant(
      std::int64_t tenant_id, const std::string& name) override;
  std::expected<void, common::Error> DeleteTenant(
      std::int64_t tenant_id) override;

  // HostRows
  std::expected<std::int64_t, common::Error> InsertHost(
      const Host& host, const std::string& key_hash, std::int64_t now) override;
  std::expected<void, common::Error> SetNodeKey(std::int64_t host_id,
                                                const std::string& key_hash,
                                                const std::string& hostname,
                                                const std::string& public_key,
                                                std::int64_t proof_ms) override;
  std::expected<std::vector<Host>, common::Error> HostsByMachineId(
      std::int64_t tenant_id, const std::string& machine_id) override;
  std::expected<std::optional<Host>, common::Error> HostByPublicKey(
      std::int64_t tenant_id, const std::string& public_key) override;
  std::expected<void, common::Error> SetConflict(
      std::int64_t host_id, const std::string& conflicts_with) override;
  std::expected<void, common::Error> SetRetired(
      std::int64_t host_id, std::int64_t retired_at) override;
  std::expected<void, common::Error> DeleteHost(std::int64_t host_id) override;
  std::expected<void, common::Error> RejectKey(std::int64_t tenant_id,
                                               const std::string& public_key,
                                               const std::string& agent_id,
                                               std::int64_t now) override;
  std::expected<bool, common::Error> KeyRejected(
      std::int64_t tenant_id, const std::string& public_key) override;
  std::expected<std::optional<HostWithKey>, common::Error> HostByKeyHash(
      const std::string& hash) override;
  std::expected<std::optional<Host>, common::Error> HostByAgentId(
      const std::string& agent_id) override;
  std::expected<std::optional<Host>, common::Error> HostById(
      std::int64_t host_id) override;
  std::expected<std::vector<Host>, common::Error> Hosts(
      std::int64_t tenant_id) override;
  std::expected<std::vector<std::int64_t>, common::Error> SilentHosts(
      std::int64_t tenant_id, std::int64_t before) override;
  std::expected<std::optional<std::string>, common::Error> SnapshotDigest(
      std::int64_t host_id, std::uint64_t sequence) override;
  std::expected<void, common::Error> RecordSnapshot(
      std::int64_t host_id, std::uint64_t sequence, std::int64_t now,
      std::uint64_t bytes, std::uint64_t outbox_evicted,
      const std::string& digest) override;
  std::expected<void, common::Error> TouchHost(std::int64_t host_id,
                                               std::int64_t now,
                                               std::uint64_t sequence,
                                               const std::string& hostname,
                                               const std::string& os) override;

  // SectionRows
  std::expected<std::optional<StoredSection>, common::Error> LoadSection(
      std::int64_t host_id, const std::string& collector) override;
  std::expected<std::vector<StoredSection>, common::Error> HostSections(
      std::int64_t host_id) override;
  std::expected<void, common::Error> PutSection(std::int64_t host_id,
                                                const StoredSection& section,
                                                std::int64_t now) override;
  std::expected<void, common::Error> ApplySoftwareChanges(
      std::int64_t host_id, const KeyChanges& changes, bool initial,
      std::int64_t now) override;
  std::expected<std::vector<SoftwareKey>, common::Error> CurrentKeys(
      std::int64_t host_id) override;
  std::expected<std::vector<SoftwareKey>, common::Error> CurrentKeysOf(
      std::int64_t host_id, const std::vector<SoftwareKey>& packages) override;
  std::expected<std::vector<AllSitesExtension>, common::Error>
  AllSitesExtensions(std::int64_t host_id) override;

  // HistoryRows
  std::expected<std::vector<SoftwareRow>, common::Error> HostSoftware(
      std::int64_t host_id) override;
  std::expected<std::vector<SoftwareRow>, common::Error> TenantSoftware(
      std::int64_t tenant_id) override;
  std::expected<bool, common::Error> SoftwarePresentAt(
      std::int64_t tenant_id, std::int64_t source, const std::string& name,
      std::int64_t at) override;
  std::expected<std::vector<HistoryRow>, common::Error> HistoryBetween(
      std::int64_t tenant_id, std::int64_t since, std::int64_t until) override;
  std::expected<PrunedRows, common::Error> PruneHistory(
      std::int64_t before, std::int64_t limit) override;

  // FindingRows
  std::expected<std::set<std::string>, common::Error> HostProductIds(
      std::int64_t host_id) override;
  std::expected<std::vector<HostProduct>, common::Error> HostProducts(
      std::int64_t host_id) override;
  std::expected<void, common::Error> DeleteHostProducts(
      std::int64_t host_id, const std::vector<SoftwareKey>& keys,
      bool all) override;
  std::expected<void, common::Error> InsertHostProducts(
      std::int64_t tenant_id, std::int64_t host_id,
      const std::vector<HostProduct>& products) override;
  std::expected<void, common::Error> AddTenantProductHosts(
      std::int64_t tenant_id,
      const std::vector<ProductHostsDelta>& deltas) override;
  std::expected<std::vector<TenantProduct>, common::Error> TenantProducts(
      std::int64_t tenant_id) override;
  std::expected<std::vector<HostProduct>, common::Error> ProductHosts(
      std::int64_t tenant_id, const std::string& product, int limit) override;
  std::expected<std::vector<UncataloguedRow>, common::Error> Uncatalogued(
      std::int64_t tenant_id) override;
  std::expected<std::vector<FindingRow>, common::Error> ScopeFindings(
      std::int64_t tenant_id, const std::string& scope) override;
  std::expected<void, common::Error> InsertFinding(std::int64_t tenant_id,
                                                   const std::string& scope,
                                                   const v1::Finding& detail,
                                                   std::int64_t now) override;
  std::expected<void, common::Error> UpdateFinding(std::int64_t id,
                                                   const std::string& scope,
                                                   const v1::Finding& detail,
                                                   std::int64_t now,
                                                   bool reopen) override;
  std::expected<void, common::Error> ResolveFinding(std::int64_t id,
                                                    std::int64_t now) override;
  std::expected<std::vector<v1::Finding>, common::Error> ListFindings(
      std::int64_t tenant_id, bool open_only) override;
  std::expected<std::optional<v1::TenantPolicy>, common::Error> Policy(
      std::int64_t tenant_id) override;
  std::expected<void, common::Error> SetPolicy(std::int64_t tenant_id,
                                               const v1::TenantPolicy& policy,
                                               std::int64_t now) override;
  std::expected<std::optional<v1::SaasContracts>, common::Error> Contracts(
      std::int64_t tenant_id) override;
  std::expected<void, common::Error> SetContracts(
      std::int64_t tenant_id, const v1::SaasContracts& contracts,
      std::int64_t now) override;
  std::expected<void, common::Error> RecordSaasDays(
      std::int64_t tenant_id, const std::vector<SaasDayRow>& rows) override;
  std::expected<std::vector<SaasDayRow>, common::Error> SaasDays(
      std::int64_t tenant_id, std::int64_t since, std::int64_t until) override;
  std::expected<std::string, common::Error> Meta(
      const std::string& key) override;
  std::expected<void, common::Error> SetMeta(const std::string& key,
                                             const std::string& value) override;

  // EvidenceRows.
  std::expected<std::optional<std::string>, common::Error> LatestControlState(
      std::int64_t host_id) override;
  std::expected<void, common::Error> AddControlState(
      std::int64_t host_id, std::int64_t at, const std::string& state) override;
  std::expected<void, common::Error> MarkReportDay(std::int64_t host_id,
                                                   std::int64_t day,
                                                   std::int64_t at,
                                                   std::int64_t skew) override;
  std::expected<std::vector<ControlStateRow>, common::Error> ControlStatesAt(
      std::int64_t tenant_id, std::int64_t at) override;
  std::expected<std::vector<ReportDayRow>, common::Error> ReportDaysAt(
      std::int64_t tenant_id, std::int64_t day) override;
  std::expected<void, common::Error> SoftwareAt(
      std::int64_t tenant_id, std::int64_t at,
      const std::function<void(const SoftwareAtRow&)>& row) override;

  // DigestRows.
  std::expected<std::optional<std::int64_t>, common::Error> ClaimDigest(
      std::int64_t tenant_id, const std::string& week, std::int64_t now,
      std::int64_t lease) override;
  std::expected<void, common::Error> FinishDigest(
      std::int64_t tenant_id, const std::string& week, std::int64_t sent_at,
      const std::string& message_id) override;
  std::expected<void, common::Error> FailDigest(
      std::int64_t tenant_id, const std::string& week, const std::string& error,
      std::int64_t next_attempt_at) override;
  std::expected<std::vector<DigestSendRow>, common::Error> DigestSends(
      std::int64_t per_tenant) override;

 private:
  explicit SqliteStore(std::unique_ptr<common::Database> db)
      : db_(std::move(db)), q_(*db_) {}

  std::unique_ptr<common::Database> db_;
  common::StatementCache q_;
  int tx_depth_ = 0;  // InTransaction nesting.
};

}  // namespace surveyor::service
