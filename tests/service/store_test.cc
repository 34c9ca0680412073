#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "common/postgres.h"
#include "common/snapshot_delta.h"
#include "common/sqlite.h"
#include "service/store/store_factory.h"
#include "surveyor/v1/evidence.pb.h"
#include "tests/packages.h"
#include "tests/service/server_harness.h"
#include "tests/service/store_backends.h"

namespace surveyor::service {
namespace {

namespace fs = std::filesystem;

// Runs SQL on the store's database behind its back (a row from an older
// version, say).
void RawExec(const std::string& url, const std::string& sql) {
  if (IsPostgresUrl(url)) {
    auto c = common::PgConnection::Connect(url);
    ASSERT_TRUE(c) << c.error().message;
    ASSERT_TRUE((*c)->Script(sql));
    return;
  }
  auto db = common::Database::Open(url.substr(7) + "/surveyor.db",
                                   common::Database::Mode::kReadWrite);
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->ExecScript(sql));
}

// What the database holds about tenants, credentials and hosts, as bytes:
// the SQLite file, or PostgreSQL's rows with bytea decoded.
std::string StoredBytes(const std::string& url) {
  if (IsPostgresUrl(url)) {
    auto c = common::PgConnection::Connect(url);
    EXPECT_TRUE(c);
    if (!c) return "";
    auto r = (*c)->Query(
        "SELECT concat_ws('|', "
        "(SELECT string_agg(row_to_json(t)::text, '|') FROM tenants t), "
        "(SELECT string_agg(encode(secret_hash, 'escape'), '|') "
        "FROM enroll_secrets), "
        "(SELECT string_agg(encode(token_hash, 'escape'), '|') FROM tokens), "
        "(SELECT string_agg(row_to_json(h)::text || encode(node_key_hash, "
        "'escape'), '|') FROM hosts h))");
    EXPECT_TRUE(r);
    return r ? std::string(r->Bytes(0, 0)) : "";
  }
  std::string out;
  for (const char* file : {"/surveyor.db", "/surveyor.db-wal"}) {
    std::ifstream in(url.substr(7) + file, std::ios::binary);
    out.append(std::istreambuf_iterator<char>(in), {});
  }
  return out;
}

// Every test runs on both backends: the SQLite store and a fresh database
// on a real PostgreSQL server.
class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    fresh_ = std::make_unique<FreshStore>(GetParam());
    ASSERT_FALSE(fresh_->url().empty());
    auto s = TestServer::Open(fresh_->url());
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    fresh_.reset();
  }

  Host EnrollHost(const std::string& tenant_secret, const std::string& machine,
                  std::string* node_key = nullptr) {
    v1::EnrollRequest req;
    req.set_enroll_secret(tenant_secret);
    req.mutable_host()->set_machine_id(machine);
    req.mutable_host()->set_hostname(machine + "-host");
    auto r = store_->Enroll(req, 1000);
    EXPECT_TRUE(r) << r.error().message;
    if (node_key) *node_key = r->node_key();
    auto h = store_->AuthenticateNode(r->node_key());
    EXPECT_TRUE(h);
    return *h;
  }

  v1::Snapshot Full(std::uint64_t seq, std::vector<v1::Package> pkgs) {
    v1::Snapshot s;
    s.set_sequence(seq);
    auto* sec = s.add_sections();
    sec->set_collector("software");
    for (auto& p : pkgs) *sec->mutable_software()->add_packages() = p;
    common::CanonicalizeSoftware(*sec->mutable_software());
    sec->set_content_hash(common::SectionPayloadHash(*sec));
    return s;
  }

  std::unique_ptr<FreshStore> fresh_;
  std::unique_ptr<TestServer> store_;
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, kBothBackends, BackendName);

TEST_P(StoreTest, TenantsSecretsAndTokens) {
  auto secret = store_->AddTenant("acme-dental", 1);
  ASSERT_TRUE(secret);
  EXPECT_TRUE(secret->starts_with("sse_"));
  EXPECT_FALSE(store_->AddTenant("acme-dental", 2));
  auto tenants = store_->ListTenants();
  ASSERT_TRUE(tenants);
  ASSERT_EQ(tenants->size(), 1u);
  auto rotated = store_->RotateSecret("acme-dental", 3);
  ASSERT_TRUE(rotated);
  v1::EnrollRequest req;
  req.set_enroll_secret(*secret);
  req.mutable_host()->set_machine_id("m1");
  EXPECT_EQ(store_->Enroll(req, 4).error().code,
            common::ErrorCode::kPermissionDenied);
  req.set_enroll_secret(*rotated);
  EXPECT_TRUE(store_->Enroll(req, 4));
  auto token = store_->AddToken("acme-dental", 5);
  ASSERT_TRUE(token);
  auto p = store_->AuthenticateToken(*token);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->tenant_id, (*tenants)[0].id);
  auto admin = store_->AddToken("", 6);
  ASSERT_TRUE(admin);
  EXPECT_TRUE(store_->AuthenticateToken(*admin)->admin());
  EXPECT_FALSE(store_->AuthenticateToken("sat_forged"));
  // Expiry, listing and revocation.
  auto expiring = store_->AddToken("acme-dental", 10, /*expires_at=*/100);
  ASSERT_TRUE(expiring);
  EXPECT_TRUE(store_->AuthenticateToken(*expiring, 99));
  auto expired = store_->AuthenticateToken(*expiring, 100);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().message, "expired API token");
  auto listed = store_->raw().Tokens();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 3u);
  EXPECT_EQ((*listed)[0].tenant, "acme-dental");
  EXPECT_EQ((*listed)[1].tenant, "");  // admin
  EXPECT_EQ((*listed)[2].expires_at, 100);
  EXPECT_TRUE(*store_->raw().DeleteToken((*listed)[0].id));
  EXPECT_FALSE(*store_->raw().DeleteToken((*listed)[0].id));
  EXPECT_FALSE(store_->AuthenticateToken(*token));
  EXPECT_FALSE(store_->AddToken("nope", 7));
  // Nothing secret is stored in clear.
  const std::string db_bytes = StoredBytes(fresh_->url());
  ASSERT_NE(db_bytes.find("acme-dental"), std::string::npos);
  EXPECT_EQ(db_bytes.find(*rotated), std::string::npos);
  EXPECT_EQ(db_bytes.find(*token), std::string::npos);
}

TEST_P(StoreTest, TenantRenameAndDeleteWithEverythingOfIt) {
  auto acme = *store_->AddTenant("acme", 1);
  auto other = *store_->AddTenant("other", 1);
  std::string key_a, key_b;
  Host ha = EnrollHost(acme, "m1", &key_a);
  Host hb = EnrollHost(other, "m2", &key_b);
  for (const Host& h : {ha, hb}) {
    ASSERT_TRUE(store_->Ingest(h, Full(1, {testing::DebPackage("bash", "5.2")}),
                               100, 2000, nullptr));
  }
  auto token = *store_->AddToken("acme", 5);
  Accounts accounts(store_->raw());
  using common::ErrorCode;
  EXPECT_EQ(accounts.RenameTenant("acme", "other").error().code,
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(accounts.RenameTenant("acme", "Acme Dental").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(accounts.RenameTenant("nobody", "x").error().code,
            ErrorCode::kNotFound);
  ASSERT_TRUE(accounts.RenameTenant("acme", "acme-dental"));
  // Hosts, history and tokens follow the new name.
  EXPECT_TRUE(store_->AuthenticateToken(token));
  EXPECT_EQ(store_->AuthenticateNode(key_a)->tenant, "acme-dental");
  EXPECT_EQ(store_->HostSoftware(ha.id)->size(), 1u);

  EXPECT_EQ(accounts.DeleteTenant("acme").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(accounts.DeleteTenant("acme-dental"));
  EXPECT_FALSE(store_->AuthenticateNode(key_a));
  EXPECT_FALSE(store_->AuthenticateToken(token));
  EXPECT_EQ(store_->HostSoftware(ha.id)->size(), 0u);
  v1::EnrollRequest req;
  req.set_enroll_secret(acme);
  req.mutable_host()->set_machine_id("m3");
  EXPECT_EQ(store_->Enroll(req, 4).error().code, ErrorCode::kPermissionDenied);
  // The other tenant is untouched.
  auto tenants = store_->ListTenants();
  ASSERT_EQ(tenants->size(), 1u);
  EXPECT_EQ((*tenants)[0].name, "other");
  EXPECT_EQ((*tenants)[0].hosts, 1);
  EXPECT_TRUE(store_->AuthenticateNode(key_b));
  EXPECT_EQ(store_->HostSoftware(hb.id)->size(), 1u);
  // The name can be used again, for a new, empty tenant.
  EXPECT_TRUE(store_->AddTenant("acme-dental", 9));
}

TEST_P(StoreTest, ContractsPerTenantReplacedAndDeletedWithIt) {
  auto acme = *store_->AddTenant("acme", 1);
  auto other = *store_->AddTenant("other", 1);
  const std::int64_t a = EnrollHost(acme, "m1").tenant_id;
  const std::int64_t b = EnrollHost(other, "m2").tenant_id;
  Store& store = store_->raw();
  EXPECT_FALSE(store.Contracts(a)->has_value());
  v1::SaasContracts contracts;
  auto* c = contracts.add_contracts();
  c->set_vendor("zoom");
  c->set_sku_id("plan_base");
  c->set_price_per_seat_month("13.33");
  c->set_currency("USD");
  ASSERT_TRUE(store.SetContracts(a, contracts, 10));
  c->set_price_per_seat_month("14.00");
  ASSERT_TRUE(store.SetContracts(a, contracts, 20));  // replaced
  ASSERT_TRUE(store.SetContracts(b, v1::SaasContracts(), 20));
  auto stored = store.Contracts(a);
  ASSERT_TRUE(stored && stored->has_value());
  EXPECT_EQ((*stored)->contracts(0).price_per_seat_month(), "14.00");
  EXPECT_EQ(store.Contracts(b)->value().contracts_size(), 0);
  Accounts accounts(store);
  ASSERT_TRUE(accounts.DeleteTenant("acme"));
  EXPECT_FALSE(store.Contracts(a)->has_value());
  EXPECT_TRUE(store.Contracts(b)->has_value());
}

TEST_P(StoreTest, SaasDaysKeepTheLastFiguresOfEachDayAndArePruned) {
  auto acme = *store_->AddTenant("acme", 1);
  const std::int64_t a = EnrollHost(acme, "m1").tenant_id;
  Store& store = store_->raw();
  constexpr std::int64_t kDay = 86400, kD0 = 20000 * kDay;
  auto row = [](std::int64_t day, std::int64_t assigned,
                std::optional<std::int64_t> active) {
    return SaasDayRow{"zoom", "plan_base", "Zoom Meetings", day,
                      10,     assigned,    10 - assigned,   active};
  };
  ASSERT_TRUE(store.RecordSaasDays(a, {row(kD0, 3, std::nullopt)}));
  ASSERT_TRUE(store.RecordSaasDays(a, {row(kD0, 4, 2)}));  // same day: replaced
  ASSERT_TRUE(store.RecordSaasDays(a, {row(kD0 + kDay, 5, 5)}));
  ASSERT_TRUE(store.RecordSaasDays(a, {row(kD0 + 2 * kDay, 6, 6)}));
  auto days = store.SaasDays(a, kD0, kD0 + kDay);
  ASSERT_TRUE(days) << days.error().message;
  ASSERT_EQ(days->size(), 2u);
  EXPECT_EQ((*days)[0].assigned, 4);
  EXPECT_EQ((*days)[0].active, 2);
  EXPECT_EQ((*days)[0].wasted, 6);
  EXPECT_EQ((*days)[1].day, kD0 + kDay);
  // Retention: days before the cutoff go.
  auto pruned = store.PruneHistory(kD0 + kDay, 1000);
  ASSERT_TRUE(pruned);
  EXPECT_EQ(pruned->saas_days, 1);
  EXPECT_EQ(store.SaasDays(a, 0, kD0 + 10 * kDay)->size(), 2u);
  Accounts accounts(store);
  ASSERT_TRUE(accounts.DeleteTenant("acme"));
  EXPECT_TRUE(store.SaasDays(a, 0, kD0 + 10 * kDay)->empty());
}

TEST_P(StoreTest, ReEnrollKeepsHostAndHistoryAndRevokesOldKey) {
  auto secret = *store_->AddTenant("t", 1);
  std::string key1, key2;
  Host h1 = EnrollHost(secret, "m1", &key1);
  ASSERT_TRUE(store_->Ingest(h1, Full(1, {testing::DebPackage("bash", "5.2")}),
                             100, 2000, nullptr));
  Host h2 = EnrollHost(secret, "m1", &key2);
  EXPECT_EQ(h1.id, h2.id);
  EXPECT_EQ(h1.agent_id, h2.agent_id);
  EXPECT_FALSE(store_->AuthenticateNode(key1));
  EXPECT_EQ(store_->HostSoftware(h2.id)->size(), 1u);
}

TEST_P(StoreTest, HistoryChangesAndIdempotency) {
  auto secret = *store_->AddTenant("t", 1);
  Host h = EnrollHost(secret, "m1");
  IngestStats stats;
  auto r = store_->Ingest(h,
                          Full(1, {testing::DebPackage("bash", "5.2-1"),
                                   testing::DebPackage("curl", "7.88")}),
                          100, 1000, &stats);
  ASSERT_TRUE(r);
  EXPECT_EQ(stats.packages_added, 2u);
  // Retry of the same snapshot: acknowledged, nothing applied.
  auto again = store_->Ingest(h,
                              Full(1, {testing::DebPackage("bash", "5.2-1"),
                                       testing::DebPackage("curl", "7.88")}),
                              100, 1001, nullptr);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->duplicate());
  // The same sequence with other content (an agent restored from an older
  // copy of its state) is no duplicate: nothing stored, continue at 2.
  auto other = store_->Ingest(h, Full(1, {testing::DebPackage("zsh", "1")}),
                              100, 1001, nullptr);
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->duplicate());
  EXPECT_TRUE(other->sequence_conflict());
  EXPECT_EQ(other->next_sequence(), 2u);
  EXPECT_EQ(store_->HostSoftware(h.id)->size(), 2u);
  // Upgrade bash, remove curl, install htop.
  ASSERT_TRUE(store_->Ingest(h,
                             Full(2, {testing::DebPackage("bash", "5.2-2"),
                                      testing::DebPackage("htop", "3.2")}),
                             100, 2000, nullptr));
  auto changes = store_->Changes(h.tenant_id, 1500, 2500);
  ASSERT_TRUE(changes);
  ASSERT_EQ(changes->size(), 3u);
  std::set<std::string> got;
  for (const auto& c : *changes) {
    got.insert(c.kind + " " + c.name + " " + c.from_version + ">" +
               c.to_version);
  }
  EXPECT_EQ(got, (std::set<std::string>{"upgraded bash 5.2-1>5.2-2",
                                        "removed curl 7.88>",
                                        "installed htop >3.2"}));
  // The first inventory is not reported as "installed this week".
  EXPECT_TRUE(store_->Changes(h.tenant_id, 0, 1500)->empty());
  // What the tenant had at an instant: curl until its removal at 2000,
  // bash throughout (another version now), htop only from 2000; nothing of
  // another tenant's.
  auto& raw = store_->raw();
  const std::int64_t deb = testing::DebPackage("x", "1").source();
  EXPECT_TRUE(*raw.SoftwarePresentAt(h.tenant_id, deb, "curl", 1500));
  EXPECT_FALSE(*raw.SoftwarePresentAt(h.tenant_id, deb, "curl", 2500));
  EXPECT_TRUE(*raw.SoftwarePresentAt(h.tenant_id, deb, "bash", 2500));
  EXPECT_FALSE(*raw.SoftwarePresentAt(h.tenant_id, deb, "htop", 1500));
  EXPECT_TRUE(*raw.SoftwarePresentAt(h.tenant_id, deb, "htop", 2001));
  EXPECT_FALSE(*raw.SoftwarePresentAt(h.tenant_id + 1, deb, "bash", 2500));
  EXPECT_FALSE(*raw.SoftwarePresentAt(h.tenant_id, deb + 1, "bash", 2500));
}

// The product rows a findings update writes: several at once (one
// statement each on PostgreSQL), with names an escaped literal would break.
TEST_P(StoreTest, ProductRowsAndCountsAreWrittenManyAtOnce) {
  auto secret = *store_->AddTenant("t", 1);
  Host h = EnrollHost(secret, "m1");
  const std::string odd = "we\"ird {pkg}, \\ \t";
  ASSERT_TRUE(store_->Ingest(h,
                             Full(1, {testing::DebPackage("bash", "5.2-1"),
                                      testing::DebPackage(odd, "1,2"),
                                      testing::DebPackage("curl", "7.88")}),
                             100, 1000, nullptr));
  Store& raw = store_->raw();
  const std::int64_t deb = v1::PACKAGE_SOURCE_DPKG;
  // By source and name, whatever the version; twice asked is once found.
  auto some = raw.CurrentKeysOf(h.id, {SoftwareKey{deb, odd, "", "", ""},
                                       SoftwareKey{deb, "curl", "", "", "0"},
                                       SoftwareKey{deb, "curl", "", "", "1"},
                                       SoftwareKey{deb + 1, "bash", "", "", ""},
                                       SoftwareKey{deb, "absent", "", "", ""}});
  ASSERT_TRUE(some) << some.error().message;
  ASSERT_EQ(some->size(), 2u);
  EXPECT_EQ((*some)[0].name, "curl");
  EXPECT_EQ((*some)[0].version, "7.88");
  EXPECT_EQ((*some)[1].name, odd);
  EXPECT_EQ((*some)[1].version, "1,2");
  EXPECT_TRUE(raw.CurrentKeysOf(h.id, {})->empty());

  auto product = [&](std::string id, std::string package, std::string version,
                     bool realtime) {
    HostProduct p;
    p.product = std::move(id);
    p.category = "cat";
    p.realtime_engine = realtime;
    p.source = deb;
    p.package = std::move(package);
    p.version = std::move(version);
    return p;
  };
  ASSERT_TRUE(
      raw.InsertHostProducts(h.tenant_id, h.id,
                             {product("p-odd", odd, "1,2", true),
                              product("p-curl", "curl", "7.88", false),
                              product("p-bash", "bash", "5.2-1", false)}));
  ASSERT_TRUE(raw.InsertHostProducts(h.tenant_id, h.id, {}));
  auto rows = *raw.HostProducts(h.id);
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& r : rows) {
    EXPECT_EQ(r.realtime_engine, r.product == "p-odd") << r.product;
    if (r.product == "p-odd") {
      EXPECT_EQ(r.package, odd);
    }
  }
  // Only the rows of the keys given go; the version must match too.
  ASSERT_TRUE(
      raw.DeleteHostProducts(h.id,
                             {SoftwareKey{deb, odd, "", "", "1,2"},
                              SoftwareKey{deb, "bash", "", "", "other"}},
                             false));
  EXPECT_EQ(*raw.HostProductIds(h.id),
            (std::set<std::string>{"p-bash", "p-curl"}));

  ASSERT_TRUE(raw.AddTenantProductHosts(
      h.tenant_id, {{"a-first", "cat1", 2}, {"b-second", "cat2", 1}}));
  ASSERT_TRUE(raw.AddTenantProductHosts(
      h.tenant_id, {{"a-first", "", -1}, {"b-second", "", -1}}));
  ASSERT_TRUE(raw.AddTenantProductHosts(h.tenant_id, {}));
  auto counts = *raw.TenantProducts(h.tenant_id);
  ASSERT_EQ(counts.size(), 1u);  // Products left with no host are not listed.
  EXPECT_EQ(counts[0].product, "a-first");
  EXPECT_EQ(counts[0].category, "cat1");
  EXPECT_EQ(counts[0].hosts, 1);
}

// A snapshot whose host was removed after it authenticated (by an
// administrator, or with its tenant) fails and leaves no rows behind.
TEST_P(StoreTest, SnapshotOfARemovedHostStoresNothing) {
  auto secret = *store_->AddTenant("t", 1);
  Host removed = EnrollHost(secret, "m1");
  Host with_tenant = EnrollHost(*store_->AddTenant("u", 1), "m2");
  Store& raw = store_->raw();
  ASSERT_TRUE(raw.InTransaction([&] { return raw.DeleteHost(removed.id); }));
  ASSERT_TRUE(raw.DeleteTenant(with_tenant.tenant_id));
  for (const Host& h : {removed, with_tenant}) {
    auto r = store_->Ingest(h, Full(1, {testing::DebPackage("bash", "5.2-1")}),
                            100, 1000, nullptr);
    ASSERT_FALSE(r) << h.agent_id;
    EXPECT_EQ(r.error().code, common::ErrorCode::kNotFound);
    EXPECT_NE(r.error().message.find("removed"), std::string::npos);
    EXPECT_TRUE(raw.CurrentKeys(h.id)->empty());
    EXPECT_FALSE(*raw.LoadSection(h.id, "software"));
    EXPECT_FALSE(*raw.SnapshotDigest(h.id, 1));
  }
  // The other host of the first tenant is unaffected.
  Host kept = EnrollHost(secret, "m3");
  EXPECT_TRUE(store_->Ingest(kept,
                             Full(1, {testing::DebPackage("bash", "5.2-1")}),
                             100, 1000, nullptr));
}

// On PostgreSQL a host can be removed while another server is storing its
// snapshot: the removal waits for that transaction (the host's row is
// locked first) and then deletes what it wrote, instead of deleting around
// its uncommitted rows and leaving them behind.
TEST(PostgresStoreTest, RemovingAHostWaitsForTheSnapshotInFlight) {
  FreshStore fresh(Backend::kPostgres);
  ASSERT_FALSE(fresh.url().empty());
  auto server = TestServer::Open(fresh.url());
  ASSERT_TRUE(server) << server.error().message;
  auto secret = *(*server)->AddTenant("t", 1);
  v1::EnrollRequest req;
  req.set_enroll_secret(secret);
  req.mutable_host()->set_machine_id("m1");
  auto enrolled = (*server)->Enroll(req, 1000);
  ASSERT_TRUE(enrolled) << enrolled.error().message;
  Host h = *(*server)->AuthenticateNode(enrolled->node_key());

  // An ingest half-way: a row written, the host's row updated, no commit.
  auto in_flight = common::PgConnection::Connect(fresh.url());
  ASSERT_TRUE(in_flight);
  ASSERT_TRUE((*in_flight)->Script("BEGIN"));
  ASSERT_TRUE(
      (*in_flight)
          ->Query(
              "INSERT INTO snapshots (host_id, sequence, received_at, bytes) "
              "VALUES ($1, 1, 5, 10)",
              h.id));
  ASSERT_TRUE(
      (*in_flight)
          ->Query("UPDATE hosts SET last_seen = 5 WHERE id = $1", h.id));

  Store& raw = (*server)->raw();
  std::atomic<bool> removed{false};
  std::thread remover([&] {
    EXPECT_TRUE(raw.InTransaction([&] { return raw.DeleteHost(h.id); }));
    removed = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(removed) << "the removal did not wait for the ingest";
  ASSERT_TRUE((*in_flight)->Script("COMMIT"));
  remover.join();
  auto left =
      (*in_flight)
          ->Query(
              "SELECT (SELECT count(*) FROM snapshots WHERE host_id = $1) + "
              "(SELECT count(*) FROM hosts WHERE id = $1)",
              h.id);
  ASSERT_TRUE(left);
  EXPECT_EQ(left->Int(0, 0), 0);
}

TEST_P(StoreTest, RetentionPrunesEndedHistoryOnly) {
  auto secret = *store_->AddTenant("t", 1);
  std::string key;
  Host h = EnrollHost(secret, "m1", &key);
  auto bash1 = testing::DebPackage("bash", "5.2-1");
  auto bash2 = testing::DebPackage("bash", "5.2-2");
  auto curl = testing::DebPackage("curl", "7.88");
  auto htop = testing::DebPackage("htop", "3.2");
  ASSERT_TRUE(store_->Ingest(h, Full(1, {bash1, curl}), 100, 1000, nullptr));
  ASSERT_TRUE(store_->Ingest(h, Full(2, {bash2, htop}), 100, 2000, nullptr));
  ASSERT_TRUE(store_->Ingest(h, Full(3, {bash2, htop}), 100, 3000, nullptr));
  Store& raw = store_->raw();
  // Before 1500 only the record of snapshot 1 (received at 1000) ended.
  auto early = raw.PruneHistory(1500, 100);
  ASSERT_TRUE(early) << early.error().message;
  EXPECT_EQ(early->software, 0);
  EXPECT_EQ(early->snapshots, 1);
  // Batches: at most `limit` of each kind per call.
  auto first = raw.PruneHistory(2500, 1);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->software, 1);   // bash 5.2-1 or curl (removed at 2000)
  EXPECT_EQ(first->snapshots, 1);  // sequence 2
  auto rest = raw.PruneHistory(2500, 100);
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->software, 1);
  EXPECT_EQ(rest->snapshots, 0);
  EXPECT_EQ(raw.PruneHistory(2500, 100)->software, 0);
  // The newest snapshot record stays even when old: duplicates of it are
  // still recognised.
  EXPECT_EQ(raw.PruneHistory(10000, 100)->snapshots, 0);
  auto dup = store_->Ingest(h, Full(3, {bash2, htop}), 100, 4000, nullptr);
  ASSERT_TRUE(dup);
  EXPECT_TRUE(dup->duplicate());
  // A pruned older sequence sent again does not roll the inventory back.
  h = *store_->AuthenticateNode(key);  // as the API finds it, up to date
  auto stale = store_->Ingest(h, Full(1, {bash1, curl}), 100, 4000, nullptr);
  ASSERT_TRUE(stale);
  EXPECT_TRUE(stale->duplicate());
  // Current software is untouched; the removals are history no more.
  EXPECT_EQ(store_->HostSoftware(h.id)->size(), 2u);
  auto changes = store_->Changes(h.tenant_id, 1500, 2500);
  ASSERT_TRUE(changes);
  for (const auto& c : *changes) EXPECT_NE(c.kind, "removed") << c.name;
}

TEST_P(StoreTest, DeltaAppliedAndMismatchAsksForFull) {
  auto secret = *store_->AddTenant("t", 1);
  Host h = EnrollHost(secret, "m1");
  v1::Snapshot first =
      Full(1, {testing::DebPackage("a", "1"), testing::DebPackage("b", "1")});
  ASSERT_TRUE(store_->Ingest(h, first, 100, 1000, nullptr));
  const auto& base = first.sections(0);

  v1::Snapshot next =
      Full(2, {testing::DebPackage("a", "1"), testing::DebPackage("b", "2")});
  v1::Section full = next.sections(0);
  auto* sec = next.mutable_sections(0);
  *sec->mutable_software_delta() = common::ComputeSoftwareDelta(
      base.software(), base.content_hash(), full.software());
  auto ok = store_->Ingest(h, next, 50, 2000, nullptr);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->resend_full_size(), 0);
  EXPECT_EQ((*store_->Section(h.id, "software"))->content_hash(),
            full.content_hash());

  // A delta against a base the server does not have: full resend, nothing
  // changed.
  v1::Snapshot bad =
      Full(3, {testing::DebPackage("a", "1"), testing::DebPackage("b", "3")});
  *bad.mutable_sections(0)->mutable_software_delta() =
      common::ComputeSoftwareDelta(base.software(), base.content_hash(),
                                   bad.sections(0).software());
  auto r = store_->Ingest(h, bad, 50, 3000, nullptr);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->resend_full_size(), 1);
  EXPECT_EQ(r->resend_full(0), "software");
  EXPECT_EQ((*store_->Section(h.id, "software"))->content_hash(),
            full.content_hash());

  // "Unchanged" with the right hash is accepted; with a wrong one, not.
  v1::Snapshot same;
  same.set_sequence(4);
  auto* u = same.add_sections();
  u->set_collector("software");
  u->set_unchanged(true);
  u->set_content_hash(full.content_hash());
  EXPECT_EQ(store_->Ingest(h, same, 30, 4000, nullptr)->resend_full_size(), 0);
  same.set_sequence(5);
  same.mutable_sections(0)->set_content_hash("nope");
  EXPECT_EQ(store_->Ingest(h, same, 30, 5000, nullptr)->resend_full_size(), 1);
}

// Sends `to` as a delta against `from` (both from Full()).
v1::Snapshot AsDelta(const v1::Snapshot& from, v1::Snapshot to) {
  v1::Section full = to.sections(0);
  *to.mutable_sections(0)->mutable_software_delta() =
      common::ComputeSoftwareDelta(from.sections(0).software(),
                                   from.sections(0).content_hash(),
                                   full.software());
  return to;
}

std::set<std::string> Installed(Store& store, std::int64_t host) {
  std::set<std::string> out;
  auto rows = store.HostSoftware(host);
  EXPECT_TRUE(rows);
  for (const auto& r : *rows) {
    out.insert(r.name + "=" + r.version);
  }
  return out;
}

TEST_P(StoreTest, FullAfterDeltasAgreesWithTheRows) {
  auto secret = *store_->AddTenant("t", 1);
  Host h = EnrollHost(secret, "m1");
  v1::Snapshot s1 =
      Full(1, {testing::DebPackage("a", "1"), testing::DebPackage("b", "1"),
               testing::DebPackage("c", "1")});
  v1::Snapshot s2 =
      Full(2, {testing::DebPackage("a", "1"), testing::DebPackage("b", "2"),
               testing::DebPackage("c", "1")});
  v1::Snapshot s3 =
      Full(3, {testing::DebPackage("a", "1"), testing::DebPackage("b", "2"),
               testing::DebPackage("d", "1")});
  ASSERT_TRUE(store_->Ingest(h, s1, 1, 1000, nullptr));
  for (auto [from, to, at] : {std::tuple{&s1, &s2, 2000}, {&s2, &s3, 3000}}) {
    auto r = store_->Ingest(h, AsDelta(*from, *to), 1, at, nullptr);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->resend_full_size(), 0);
  }
  EXPECT_EQ(Installed(store_->raw(), h.id),
            (std::set<std::string>{"a=1", "b=2", "d=1"}));
  // The same inventory sent in full changes no history row.
  v1::Snapshot again =
      Full(4, {testing::DebPackage("a", "1"), testing::DebPackage("b", "2"),
               testing::DebPackage("d", "1")});
  IngestStats stats;
  ASSERT_TRUE(store_->Ingest(h, again, 1, 4000, &stats));
  EXPECT_EQ(stats.packages_added + stats.packages_removed, 0u);
  // A full section that differs is diffed against the rows.
  v1::Snapshot other =
      Full(5, {testing::DebPackage("a", "2"), testing::DebPackage("d", "1")});
  ASSERT_TRUE(store_->Ingest(h, other, 1, 5000, &stats));
  EXPECT_EQ(stats.packages_added, 1u);
  EXPECT_EQ(stats.packages_removed, 2u);
  EXPECT_EQ(Installed(store_->raw(), h.id),
            (std::set<std::string>{"a=2", "d=1"}));
  EXPECT_EQ((*store_->Section(h.id, "software"))->content_hash(),
            other.sections(0).content_hash());
}

TEST_P(StoreTest, DetailsChangeWithoutVersionIsNoHistoryChange) {
  auto secret = *store_->AddTenant("t", 1);
  Host h = EnrollHost(secret, "m1");
  v1::Snapshot s1 = Full(1, {testing::DebPackage("a", "1")});
  v1::Package moved = testing::DebPackage("a", "1");
  moved.mutable_dpkg()->set_section("admin");
  v1::Snapshot s2 = Full(2, {moved});
  ASSERT_TRUE(store_->Ingest(h, s1, 1, 1000, nullptr));
  IngestStats stats;
  auto r = store_->Ingest(h, AsDelta(s1, s2), 1, 2000, &stats);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->resend_full_size(), 0);
  EXPECT_EQ(stats.packages_added + stats.packages_removed, 0u);
  EXPECT_TRUE(store_->Changes(h.tenant_id, 1500, 2500)->empty());
}

TEST_P(StoreTest, SectionWithoutDigestAsksForFullOnDelta) {
  // A software row written before digests existed (schema version 1).
  auto secret = *store_->AddTenant("t", 1);
  Host h = EnrollHost(secret, "m1");
  v1::Snapshot s1 = Full(1, {testing::DebPackage("a", "1")});
  ASSERT_TRUE(store_->Ingest(h, s1, 1, 1000, nullptr));
  RawExec(fresh_->url(), "UPDATE sections SET digest = NULL");
  auto r =
      store_->Ingest(h, AsDelta(s1, Full(2, {testing::DebPackage("a", "2")})),
                     1, 2000, nullptr);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->resend_full_size(), 1);
  // The full resend is diffed against the rows and restores the digest.
  ASSERT_TRUE(store_->Ingest(h, Full(3, {testing::DebPackage("a", "2")}), 1,
                             3000, nullptr));
  EXPECT_EQ(Installed(store_->raw(), h.id), (std::set<std::string>{"a=2"}));
  auto d = store_->Ingest(h,
                          AsDelta(Full(3, {testing::DebPackage("a", "2")}),
                                  Full(4, {testing::DebPackage("a", "3")})),
                          1, 4000, nullptr);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->resend_full_size(), 0);
}

TEST_P(StoreTest, SnapshotForAnotherMachineIsRefused) {
  auto secret = *store_->AddTenant("t", 1);
  Host h = EnrollHost(secret, "m1");
  v1::Snapshot s = Full(1, {});
  s.mutable_host()->set_machine_id("m2");
  auto r = store_->Ingest(h, s, 10, 1000, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, common::ErrorCode::kPermissionDenied);
}

// The evidence record: a report day per host and day, a control state only
// when it changes; read back as of any instant; pruned keeping what the
// next day carries.
TEST_P(StoreTest, EvidenceRecordKeepsChangesAndReportDays) {
  auto secret = *store_->AddTenant("t", 1);
  Host h = EnrollHost(secret, "m1");
  const auto tenant = h.tenant_id;
  constexpr std::int64_t kDay = 86400;
  const std::int64_t d0 = 20000;  // a day number
  auto snapshot = [&](std::uint64_t seq, v1::TriState encrypted,
                      std::int64_t collected) {
    v1::Package bash = testing::DebPackage("bash", "5.2");
    bash.mutable_dpkg()->set_maintainer("Matthias Klose <doko@debian.org>");
    v1::Snapshot s = Full(seq, {bash});
    s.mutable_collected_at()->set_seconds(collected);
    auto* p = s.add_sections();
    p->set_collector("protection");
    p->mutable_protection()->mutable_disk_encryption()->set_encrypted(
        encrypted);
    p->set_content_hash(common::SectionPayloadHash(*p));
    return s;
  };
  auto ingest = [&](std::uint64_t seq, v1::TriState enc, std::int64_t at) {
    h = *store_->raw().HostById(h.id).value();
    auto r = store_->Ingest(h, snapshot(seq, enc, at - 60), 100, at, nullptr);
    ASSERT_TRUE(r) << r.error().message;
  };
  const std::int64_t t0 = d0 * kDay + 10 * 3600;
  ingest(1, v1::TRI_STATE_YES, t0);
  ingest(2, v1::TRI_STATE_YES, t0 + 3600);     // same day, same state
  ingest(3, v1::TRI_STATE_NO, t0 + kDay);      // a change
  ingest(4, v1::TRI_STATE_NO, t0 + 3 * kDay);  // a day, no change
  Store& raw = store_->raw();
  auto states = [&](std::int64_t at) {
    auto rows = raw.ControlStatesAt(tenant, at);
    EXPECT_TRUE(rows) << rows.error().message;
    std::vector<std::pair<std::int64_t, int>> out;
    for (const auto& r : *rows) {
      v1::ControlState s;
      EXPECT_TRUE(s.ParseFromString(r.state));
      out.emplace_back(r.at, static_cast<int>(s.disk_encrypted()));
    }
    return out;
  };
  using V = std::vector<std::pair<std::int64_t, int>>;
  EXPECT_EQ(states(t0 - 1), V{});
  EXPECT_EQ(states(d0 * kDay + kDay - 1), (V{{t0, v1::TRI_STATE_YES}}));
  EXPECT_EQ(states(t0 + 2 * kDay), (V{{t0 + kDay, v1::TRI_STATE_NO}}));
  EXPECT_EQ(states(t0 + 9 * kDay), (V{{t0 + kDay, v1::TRI_STATE_NO}}));
  auto reports = [&](std::int64_t day) {
    std::vector<std::int64_t> out;
    auto rows = raw.ReportDaysAt(tenant, day);
    EXPECT_TRUE(rows);
    for (const auto& r : *rows) {
      EXPECT_EQ(r.skew, 60);
      out.push_back(r.day);
    }
    return out;
  };
  EXPECT_TRUE(reports(d0 - 1).empty());
  EXPECT_EQ(reports(d0), std::vector<std::int64_t>{d0});
  EXPECT_EQ(reports(d0 + 2), std::vector<std::int64_t>{d0 + 1});
  EXPECT_EQ(reports(d0 + 5), std::vector<std::int64_t>{d0 + 3});
  std::vector<std::string> names;
  ASSERT_TRUE(raw.SoftwareAt(tenant, t0, [&](const SoftwareAtRow& r) {
    names.push_back(r.agent_id + " " + r.name + " " + r.version + " " +
                    r.publisher);
    EXPECT_TRUE(r.initial);
    EXPECT_EQ(r.installed_at, 0);  // dpkg records no install time
  }));
  EXPECT_EQ(names,
            std::vector<std::string>{
                h.agent_id + " bash 5.2 Matthias Klose <doko@debian.org>"});
  // Retention at the start of day d0+3: the superseded state and report
  // day go, each newest before the cutoff stays for what follows.
  auto pruned = raw.PruneHistory((d0 + 3) * kDay, 100);
  ASSERT_TRUE(pruned) << pruned.error().message;
  EXPECT_EQ(pruned->evidence, 2);
  EXPECT_EQ(states(t0 + 2 * kDay), (V{{t0 + kDay, v1::TRI_STATE_NO}}));
  EXPECT_EQ(reports(d0 + 2), std::vector<std::int64_t>{d0 + 1});
  EXPECT_EQ(raw.PruneHistory((d0 + 3) * kDay, 100)->evidence, 0);
  // The tenant's deletion takes its record with it.
  Accounts accounts(raw);
  ASSERT_TRUE(accounts.DeleteTenant("t"));
  auto left = raw.ControlStatesAt(tenant, t0 + 9 * kDay);
  ASSERT_TRUE(left);
  EXPECT_TRUE(left->empty());
}

}  // namespace
}  // namespace surveyor::service
