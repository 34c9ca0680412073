// Agent identity at enrollment, on both store backends, through the
// Application as the API and the admin CLI call it: the same key
// re-enrolls its host; another key for a machine id in service becomes a
// separate host with a duplicate-identity finding and leaves the first
// host's node key working; replayed and forged proofs, rejected keys; the
// admin's accept, reject and retire; and a store from before identity keys
// upgrading in place.
#include <gtest/gtest.h>

#include "common/hash.h"
#include "common/identity_key.h"
#include "common/snapshot_delta.h"
#include "service/app/application.h"
#include "service/findings/catalog.h"
#include "service/store/postgres_schema.h"
#include "service/store/schema.h"
#include "service/store/store_factory.h"
#include "tests/packages.h"
#include "tests/service/store_backends.h"
#include "tests/signed_enroll.h"

namespace surveyor::service {
namespace {

constexpr std::int64_t kT0 = 1'700'000'000;

class IdentityTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    fresh_ = std::make_unique<FreshStore>(GetParam());
    ASSERT_FALSE(fresh_->url().empty());
    auto store = OpenStore(fresh_->url());
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    catalog_ = std::make_unique<findings::Catalog>(
        std::move(*findings::Catalog::Builtin()));
    app_ = std::make_unique<Application>(*store_, catalog_.get(),
                                         [this] { return now_; });
    secret_ = *app_->accounts().AddTenant("acme", kT0);
    tenant_ = *app_->RequireTenant("acme");
  }
  void TearDown() override {
    app_.reset();
    store_.reset();
    fresh_.reset();
  }

  v1::EnrollRequest Request(const std::string& machine,
                            const common::IdentityKey& key) {
    v1::EnrollRequest req;
    req.set_enroll_secret(secret_);
    req.mutable_host()->set_machine_id(machine);
    req.mutable_host()->set_hostname(machine + "-host");
    testing::SignEnroll(req, key);
    return req;
  }

  std::expected<Enrolled, common::Error> Enroll(
      const std::string& machine, const common::IdentityKey& key) {
    return app_->Enroll(Request(machine, key));
  }

  // Sends one tiny snapshot as the host behind `node_key`.
  v1::SubmitResponse Send(const std::string& node_key, std::uint64_t seq,
                          const std::string& package = "bash") {
    auto host = app_->accounts().AuthenticateNode(node_key);
    EXPECT_TRUE(host) << host.error().message;
    v1::Snapshot s;
    s.set_sequence(seq);
    auto* sec = s.add_sections();
    sec->set_collector("software");
    *sec->mutable_software()->add_packages() =
        testing::DebPackage(package, "1");
    common::CanonicalizeSoftware(*sec->mutable_software());
    sec->set_content_hash(common::SectionPayloadHash(*sec));
    std::string body = s.SerializeAsString();
    auto r = app_->Submit(*host, s, body.size(), common::Sha256(body));
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : v1::SubmitResponse();
  }

  std::vector<v1::Finding> OpenFindings(const std::string& kind) {
    std::vector<v1::Finding> out;
    auto all = app_->Findings(tenant_.id, /*open_only=*/true);
    EXPECT_TRUE(all) << all.error().message;
    if (!all) return out;
    for (auto& f : *all) {
      if (f.kind() == kind) out.push_back(f);
    }
    return out;
  }

  std::int64_t now_ = kT0;
  std::unique_ptr<FreshStore> fresh_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<findings::Catalog> catalog_;
  std::unique_ptr<Application> app_;
  std::string secret_;
  Tenant tenant_;
  common::IdentityKey real_ = *common::NewIdentityKey();
  common::IdentityKey other_ = *common::NewIdentityKey();
};

INSTANTIATE_TEST_SUITE_P(Backends, IdentityTest, kBothBackends, BackendName);

TEST_P(IdentityTest, SameKeyReenrollsAndTellsWhereToContinue) {
  auto first = Enroll("m1", real_);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->kind, Enrolled::Kind::kNew);
  EXPECT_EQ(first->response.next_sequence(), 1u);
  Send(first->response.node_key(), 1);
  Send(first->response.node_key(), 2);
  auto again = Enroll("m1", real_);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->kind, Enrolled::Kind::kReenrolled);
  EXPECT_EQ(again->response.agent_id(), first->response.agent_id());
  EXPECT_EQ(again->response.next_sequence(), 3u);
  EXPECT_FALSE(app_->accounts().AuthenticateNode(first->response.node_key()));
}

TEST_P(IdentityTest, AnotherKeyIsASeparateHostAndNeverATakeover) {
  auto real = Enroll("m1", real_);
  ASSERT_TRUE(real);
  Send(real->response.node_key(), 1);
  // Someone with the tenant's secret and m1's machine id (or a clone).
  auto other = Enroll("m1", other_);
  ASSERT_TRUE(other) << other.error().message;
  EXPECT_EQ(other->kind, Enrolled::Kind::kConflict);
  EXPECT_NE(other->response.agent_id(), real->response.agent_id());
  EXPECT_EQ(other->host.conflicts_with, real->response.agent_id());
  // The real agent's key still works, and its snapshots still land on its
  // own record; the other host's sequences start at 1 of its own.
  EXPECT_TRUE(app_->accounts().AuthenticateNode(real->response.node_key()));
  EXPECT_FALSE(Send(real->response.node_key(), 2).duplicate());
  EXPECT_FALSE(Send(other->response.node_key(), 1, "evil").duplicate());
  auto real_sw = store_->HostSoftware(real->host.id);
  ASSERT_TRUE(real_sw);
  ASSERT_EQ(real_sw->size(), 1u);
  EXPECT_EQ((*real_sw)[0].name, "bash");
  auto found = OpenFindings("duplicate-identity");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].hosts(0).agent_id(), other->response.agent_id());
}

TEST_P(IdentityTest, ReplayedForgedAndMissingProofsAreRefused) {
  auto req = Request("m1", real_);
  ASSERT_TRUE(app_->Enroll(req));
  // The same request again (captured and replayed).
  auto replay = app_->Enroll(req);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().code, common::ErrorCode::kPermissionDenied);
  // A proof signed by another key than the one it names.
  auto forged = Request("m1", other_);
  forged.set_agent_public_key(real_.public_raw);
  auto r = app_->Enroll(forged);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, common::ErrorCode::kPermissionDenied);
  // A proof for another machine id.
  auto moved = Request("m1", real_);
  moved.mutable_host()->set_machine_id("m2");
  EXPECT_EQ(app_->Enroll(moved).error().code,
            common::ErrorCode::kPermissionDenied);
  // No key at all (an agent from before identity keys).
  auto old = Request("m1", real_);
  old.clear_agent_public_key();
  old.clear_proof();
  EXPECT_EQ(app_->Enroll(old).error().code,
            common::ErrorCode::kInvalidArgument);
}

TEST_P(IdentityTest, AcceptKeepsBothOrRetiresThePrevious) {
  auto real = Enroll("m1", real_);
  auto clone = Enroll("m1", other_);
  ASSERT_TRUE(real && clone);
  ASSERT_EQ(OpenFindings("duplicate-identity").size(), 1u);
  auto accepted = app_->AcceptHost(tenant_, clone->response.agent_id(), false);
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_TRUE(accepted->conflicts_with.empty());
  EXPECT_TRUE(OpenFindings("duplicate-identity").empty());
  // Nothing left to accept.
  EXPECT_FALSE(app_->AcceptHost(tenant_, clone->response.agent_id(), false));

  // A reinstall: the new key replaces the old host, which is retired and
  // raises no silent-agent finding later.
  auto reinstall = Enroll("m1", *common::NewIdentityKey());
  ASSERT_TRUE(reinstall);
  EXPECT_EQ(reinstall->host.conflicts_with, real->response.agent_id());
  ASSERT_TRUE(app_->AcceptHost(tenant_, reinstall->response.agent_id(), true));
  auto previous = store_->HostByAgentId(real->response.agent_id());
  ASSERT_TRUE(previous && *previous);
  EXPECT_GT((*previous)->retired_at, 0);
  now_ += 30 * 86400;
  ASSERT_TRUE(app_->Sweep());
  for (const auto& f : OpenFindings("agent-silent")) {
    EXPECT_NE(f.hosts(0).agent_id(), real->response.agent_id());
  }
  // Another host of a machine whose only other host is retired is no
  // conflict.
  ASSERT_TRUE(app_->RetireHost(tenant_, reinstall->response.agent_id(), true));
  ASSERT_TRUE(app_->RetireHost(tenant_, clone->response.agent_id(), true));
  auto fresh = Enroll("m1", *common::NewIdentityKey());
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->kind, Enrolled::Kind::kNew);
}

TEST_P(IdentityTest, RejectRemovesTheHostAndRefusesItsKey) {
  auto real = Enroll("m1", real_);
  auto intruder = Enroll("m1", other_);
  ASSERT_TRUE(real && intruder);
  Send(intruder->response.node_key(), 1, "evil");
  auto rejected = app_->RejectHost(tenant_, intruder->response.agent_id());
  ASSERT_TRUE(rejected) << rejected.error().message;
  EXPECT_FALSE(
      store_->HostByAgentId(intruder->response.agent_id())->has_value());
  EXPECT_FALSE(
      app_->accounts().AuthenticateNode(intruder->response.node_key()));
  EXPECT_TRUE(OpenFindings("duplicate-identity").empty());
  auto back = Enroll("m1", other_);
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().code, common::ErrorCode::kPermissionDenied);
  EXPECT_NE(back.error().message.find("rejected"), std::string::npos);
  // The real host was never touched.
  EXPECT_TRUE(app_->accounts().AuthenticateNode(real->response.node_key()));
  // A host of another tenant cannot be named.
  ASSERT_TRUE(app_->accounts().AddTenant("other", kT0));
  auto other_tenant = *app_->RequireTenant("other");
  EXPECT_EQ(
      app_->RejectHost(other_tenant, real->response.agent_id()).error().code,
      common::ErrorCode::kNotFound);
}

// A store made by the previous schema (one host per machine id, no keys,
// snapshots without digests) upgrades in place: hosts keep working, old
// snapshots still count as duplicates, and a second key for the machine is
// a conflict, not a takeover.
TEST_P(IdentityTest, StoreFromBeforeIdentityKeysUpgrades) {
  FreshStore old(GetParam());
  ASSERT_FALSE(old.url().empty());
  const char* kOldRows[] = {
      // Ids from the backend's own sequence: the first rows are 1.
      "INSERT INTO tenants (name, created_at) VALUES ('acme', 1)",
      "INSERT INTO hosts (tenant_id, agent_id, machine_id, hostname, "
      "node_key_hash, enrolled_at, last_seen, last_sequence) VALUES (1, "
      "'agent-old', 'm1', 'old-host', NULL, 1, 1, 7)",
      "INSERT INTO snapshots (host_id, sequence, received_at, bytes) VALUES "
      "(1, 7, 1, 10)"};
  if (GetParam() == Backend::kSqlite) {
    const std::string dir = old.url().substr(7);
    std::filesystem::create_directories(dir);
    auto db = common::Database::Open(dir + "/surveyor.db",
                                     common::Database::Mode::kReadWrite);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(Migrate(*db, 3));
    for (const char* sql : kOldRows) ASSERT_TRUE(db->ExecScript(sql)) << sql;
  } else {
    auto c = common::PgConnection::Connect(old.url(), "");
    ASSERT_TRUE(c) << c.error().message;
    ASSERT_TRUE(MigratePostgres(**c, 3));
    for (const char* sql : kOldRows) ASSERT_TRUE((*c)->Script(sql)) << sql;
  }
  auto store = OpenStore(old.url());
  ASSERT_TRUE(store) << store.error().message;
  auto host = (*store)->HostByAgentId("agent-old");
  ASSERT_TRUE(host && *host);
  EXPECT_TRUE((*host)->public_key.empty());
  EXPECT_EQ((*host)->last_sequence, 7u);
  auto digest = (*store)->SnapshotDigest(1, 7);
  ASSERT_TRUE(digest && *digest);
  EXPECT_TRUE((*digest)->empty());
  Accounts accounts(**store);
  v1::EnrollRequest req;
  req.set_enroll_secret(*accounts.RotateSecret("acme", 3));
  req.mutable_host()->set_machine_id("m1");
  testing::SignEnroll(req, real_);
  auto enrolled = accounts.Enroll(req, 4);
  ASSERT_TRUE(enrolled) << enrolled.error().message;
  EXPECT_EQ(enrolled->kind, Enrolled::Kind::kConflict);
  EXPECT_EQ(enrolled->host.conflicts_with, "agent-old");
}

}  // namespace
}  // namespace surveyor::service
