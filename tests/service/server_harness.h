// The server's layers wired as `serve` wires them, for tests: a store opened
// through the factory (a store URL, or a directory for sqlite:DIR), and the
// account, ingest and change use cases over it, under the names the store tests
// have always used. Tests reach the storage rows themselves through raw().
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "common/hash.h"
#include "service/app/accounts.h"
#include "service/app/ingest.h"
#include "service/domain/change_pairing.h"
#include "service/store/store_factory.h"
#include "tests/signed_enroll.h"

namespace surveyor::service {

// A store URL as given, or a directory as sqlite:DIR.
inline std::string StoreUrlOrDir(const std::string& s) {
  return s.starts_with("sqlite:") || IsPostgresUrl(s) ? s : SqliteUrl(s);
}

class TestServer {
 public:
  static std::expected<std::unique_ptr<TestServer>, common::Error> Open(
      const std::string& url_or_dir) {
    auto store = OpenStore(StoreUrlOrDir(url_or_dir));
    if (!store) return std::unexpected(store.error());
    return std::unique_ptr<TestServer>(new TestServer(std::move(*store)));
  }

  Store& raw() { return *store_; }

  auto AddTenant(const std::string& name, std::int64_t now) {
    return accounts_.AddTenant(name, now);
  }
  auto RotateSecret(const std::string& name, std::int64_t now) {
    return accounts_.RotateSecret(name, now);
  }
  auto AddToken(const std::string& tenant, std::int64_t now,
                std::int64_t expires_at = 0) {
    return accounts_.AddToken(tenant, now, expires_at);
  }
  auto ListTenants() { return store_->Tenants(); }
  auto FindTenant(const std::string& name) {
    return store_->TenantByName(name);
  }
  // Signs the request with the machine's test key unless it is signed.
  std::expected<v1::EnrollResponse, common::Error> Enroll(v1::EnrollRequest req,
                                                          std::int64_t now) {
    if (req.agent_public_key().empty()) testing::SignEnroll(req);
    auto r = accounts_.Enroll(req, now);
    if (!r) return std::unexpected(r.error());
    return r->response;
  }
  auto EnrollDetailed(const v1::EnrollRequest& req, std::int64_t now) {
    return accounts_.Enroll(req, now);
  }
  auto AuthenticateNode(const std::string& key) {
    return accounts_.AuthenticateNode(key);
  }
  auto AuthenticateToken(const std::string& token, std::int64_t now = 0) {
    return accounts_.AuthenticateToken(token, now);
  }
  auto Ingest(const Host& host, const v1::Snapshot& s, std::size_t bytes,
              std::int64_t now, IngestStats* stats) {
    return ingestor_.Ingest(host, s, bytes,
                            common::Sha256(s.SerializeAsString()), now, stats);
  }
  std::expected<std::vector<Change>, common::Error> Changes(
      std::int64_t tenant, std::int64_t since, std::int64_t until) {
    auto rows = store_->HistoryBetween(tenant, since, until);
    if (!rows) return std::unexpected(rows.error());
    return PairChanges(*rows, since, until);
  }
  std::expected<std::optional<v1::Section>, common::Error> Section(
      std::int64_t host, const std::string& collector) {
    auto s = store_->LoadSection(host, collector);
    if (!s) return std::unexpected(s.error());
    if (!*s) return std::optional<v1::Section>();
    return std::optional<v1::Section>((*s)->section);
  }
  auto HostSoftware(std::int64_t host) { return store_->HostSoftware(host); }
  auto Hosts(std::int64_t tenant) { return store_->Hosts(tenant); }
  auto SetPolicy(std::int64_t tenant, const v1::TenantPolicy& p,
                 std::int64_t now) {
    return store_->SetPolicy(tenant, p, now);
  }
  auto ListFindings(std::int64_t tenant, bool open_only) {
    return store_->ListFindings(tenant, open_only);
  }

 private:
  explicit TestServer(std::unique_ptr<Store> store)
      : store_(std::move(store)), accounts_(*store_), ingestor_(*store_) {}
  std::unique_ptr<Store> store_;
  Accounts accounts_;
  Ingestor ingestor_;
};

}  // namespace surveyor::service
