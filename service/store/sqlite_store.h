// The embedded Store: one SQLite file in WAL mode (one writer, concurrent
// readers), prepared statements only, versioned migrations (schema.h).
//
// Ingest work is proportional to what changed: an unchanged section is a hash
// comparison; a software delta is verified against the stored multiset digest
// (common/multiset_digest.h) and touches only the rows it adds or removes; a
// full software section is diffed against the host's current rows in memory
// before anything is written. A software section's packages live only in the
// software rows; its sections row keeps the envelope and the digest.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "common/multiset_digest.h"
#include "common/sqlite.h"
#include "service/store/software_keys.h"
#include "service/store/store.h"

namespace surveyor::service {

class SqliteStore : public Store {
 public:
  // Opens (creating and migrating) <data_dir>/surveyor.db.
  static std::expected<std::unique_ptr<SqliteStore>, common::Error> Open(
      const std::string& data_dir);

  std::expected<std::string, common::Error> AddTenant(
      const std::string& name, std::int64_t now) override;
  std::expected<std::vector<Tenant>, common::Error> ListTenants() override;
  std::expected<std::string, common::Error> RotateSecret(
      const std::string& tenant, std::int64_t now) override;
  std::expected<std::string, common::Error> AddToken(const std::string& tenant,
                                                     std::int64_t now) override;
  std::expected<v1::EnrollResponse, common::Error> Enroll(
      const v1::EnrollRequest& request, std::int64_t now) override;
  std::expected<Host, common::Error> AuthenticateNode(
      const std::string& node_key) override;
  std::expected<v1::SubmitResponse, common::Error> Ingest(
      const Host& host, const v1::Snapshot& snapshot, std::size_t wire_bytes,
      std::int64_t now, IngestStats* stats) override;
  std::expected<Principal, common::Error> AuthenticateToken(
      const std::string& token) override;
  std::expected<std::optional<Tenant>, common::Error> FindTenant(
      const std::string& name) override;
  std::expected<std::vector<Host>, common::Error> Hosts(
      std::int64_t tenant_id) override;
  std::expected<std::optional<Host>, common::Error> FindHost(
      const std::string& agent_id) override;
  std::expected<std::vector<SoftwareRow>, common::Error> HostSoftware(
      std::int64_t host_id) override;
  std::expected<std::vector<SoftwareRow>, common::Error> TenantSoftware(
      std::int64_t tenant_id) override;
  std::expected<std::vector<Change>, common::Error> Changes(
      std::int64_t tenant_id, std::int64_t since, std::int64_t until) override;
  std::expected<std::optional<v1::Section>, common::Error> Section(
      std::int64_t host_id, const std::string& collector) override;

  // Findings (sqlite_findings.cc).
  std::expected<void, common::Error> InTransaction(
      const std::function<std::expected<void, common::Error>()>& work) override;
  std::expected<std::vector<std::string>, common::Error> UpdateHostProducts(
      const Host& host, const std::vector<SoftwareKey>& removed,
      const std::vector<HostProduct>& added, bool clear_all) override;
  std::expected<std::vector<HostProduct>, common::Error> HostProducts(
      std::int64_t host_id) override;
  std::expected<std::vector<SoftwareKey>, common::Error> CurrentKeys(
      std::int64_t host_id) override;
  std::expected<std::vector<TenantProduct>, common::Error> TenantProducts(
      std::int64_t tenant_id) override;
  std::expected<std::vector<HostProduct>, common::Error> ProductHosts(
      std::int64_t tenant_id, const std::string& product, int limit) override;
  std::expected<std::vector<UncataloguedRow>, common::Error> Uncatalogued(
      std::int64_t tenant_id) override;
  std::expected<HostState, common::Error> LoadHostState(
      std::int64_t host_id) override;
  std::expected<std::vector<std::int64_t>, common::Error> SilentHosts(
      std::int64_t tenant_id, std::int64_t before) override;
  std::expected<FindingsDelta, common::Error> SaveFindings(
      std::int64_t tenant_id, const std::string& scope,
      const std::vector<v1::Finding>& current, std::int64_t now) override;
  std::expected<std::vector<v1::Finding>, common::Error> ListFindings(
      std::int64_t tenant_id, bool open_only) override;
  std::expected<std::optional<v1::TenantPolicy>, common::Error> Policy(
      std::int64_t tenant_id) override;
  std::expected<void, common::Error> SetPolicy(std::int64_t tenant_id,
                                               const v1::TenantPolicy& policy,
                                               std::int64_t now) override;
  std::expected<std::string, common::Error> Meta(
      const std::string& key) override;
  std::expected<void, common::Error> SetMeta(const std::string& key,
                                             const std::string& value) override;

 private:
  explicit SqliteStore(common::Database db) : db_(std::move(db)) {}

  // A cached prepared statement, ready to bind, reset again when the handle
  // goes out of scope: a statement left mid-result would hold this
  // connection's read transaction open, hiding other writers' commits and
  // blocking WAL checkpoints.
  class ScopedStmt {
   public:
    explicit ScopedStmt(common::Statement* s) : s_(s) {}
    ScopedStmt(ScopedStmt&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
    ScopedStmt(const ScopedStmt&) = delete;
    ScopedStmt& operator=(const ScopedStmt&) = delete;
    ScopedStmt& operator=(ScopedStmt&&) = delete;
    ~ScopedStmt() {
      if (s_ != nullptr) (void)s_->Reset();
    }
    common::Statement* operator->() const { return s_; }
    common::Statement& operator*() const { return *s_; }
    common::Statement* get() const { return s_; }

   private:
    common::Statement* s_;
  };
  std::expected<ScopedStmt, common::Error> Stmt(const char* sql);

  // A sections row: the stored section and, for software, its digest.
  struct StoredSection {
    v1::Section section;
    std::optional<common::MultisetDigest> digest;
    std::int64_t error_streak = 0;  // Snapshots in a row with errors.
  };
  std::expected<std::optional<StoredSection>, common::Error> LoadSection(
      std::int64_t host_id, const std::string& collector);
  std::expected<void, common::Error> ApplySoftware(std::int64_t host_id,
                                                   const KeyChanges& changes,
                                                   bool initial,
                                                   std::int64_t now,
                                                   IngestStats* stats);
  std::expected<void, common::Error> IngestSections(
      const Host& host, const v1::Snapshot& snapshot, std::int64_t now,
      v1::SubmitResponse& response, IngestStats* stats);

  common::Database db_;
  std::map<const char*, common::Statement> stmts_;
};

}  // namespace surveyor::service
