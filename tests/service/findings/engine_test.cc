#include "service/findings/engine.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "collectors/registry_export.h"
#include "collectors/software/windows_programs.h"
#include "common/snapshot_delta.h"
#include "tests/fixture.h"
#include "tests/service/server_harness.h"
#include "tests/service/store_backends.h"

namespace surveyor::findings {
namespace {

namespace fs = std::filesystem;
using service::Host;

constexpr std::int64_t kT0 = 1'800'000'000;

v1::Package Deb(const std::string& name) {
  v1::Package p;
  p.set_source(v1::PACKAGE_SOURCE_DPKG);
  p.set_name(name);
  p.set_version("1.0");
  p.set_architecture("amd64");
  p.set_installed(true);
  return p;
}

// Every test runs on both store backends.
class EngineTest : public ::testing::TestWithParam<service::Backend> {
 protected:
  void SetUp() override {
    fresh_ = std::make_unique<service::FreshStore>(GetParam());
    ASSERT_FALSE(fresh_->url().empty());
    auto opened = service::TestServer::Open(fresh_->url());
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    catalog_ = std::make_unique<Catalog>(std::move(*Catalog::Builtin()));
    engine_ = std::make_unique<Engine>(store_->raw(), *catalog_);
    secret_ = *store_->AddTenant("acme", kT0);
    tenant_ = (*store_->FindTenant("acme"))->id;
  }
  void TearDown() override {
    engine_.reset();
    store_.reset();
    fresh_.reset();
  }

  // Sends a full snapshot and runs the engine as the API does.
  EvaluationStats Send(const std::string& machine,
                       const std::vector<std::string>& debs,
                       v1::TriState firewall, std::int64_t now,
                       bool backup_errors = false,
                       const std::vector<v1::Package>& extra = {}) {
    Host h = *store_->AuthenticateNode(keys_[machine]);
    v1::Snapshot s;
    s.set_sequence(++sequence_[machine]);
    auto* sw = s.add_sections();
    sw->set_collector("software");
    for (const auto& d : debs) *sw->mutable_software()->add_packages() = Deb(d);
    for (const auto& p : extra) *sw->mutable_software()->add_packages() = p;
    sw->set_content_hash(common::SectionPayloadHash(*sw));
    auto* pr = s.add_sections();
    pr->set_collector("protection");
    auto* av = pr->mutable_protection()->add_products();
    av->set_product("ClamAV");
    av->set_present(true);
    av->mutable_signature_time()->set_seconds(kT0 - 3600);
    pr->mutable_protection()->mutable_firewall()->set_enabled(firewall);
    pr->set_content_hash(common::SectionPayloadHash(*pr));
    auto* bk = s.add_sections();
    bk->set_collector("backup");
    auto* job = bk->mutable_backup()->add_jobs();
    job->set_product("restic");
    job->mutable_last_success()->set_seconds(kT0 - 3600);
    if (backup_errors) bk->add_errors()->set_reason("restic: exit status 1");
    bk->set_content_hash(common::SectionPayloadHash(*bk));
    service::IngestStats stats;
    auto r = store_->Ingest(h, s, 100, now, &stats);
    EXPECT_TRUE(r) << r.error().message;
    auto e = engine_->AfterIngest(h, stats, now);
    EXPECT_TRUE(e) << e.error().message;
    return *e;
  }

  void Add(const std::string& machine) {
    v1::EnrollRequest req;
    req.set_enroll_secret(secret_);
    req.mutable_host()->set_machine_id(machine);
    req.mutable_host()->set_hostname(machine);
    keys_[machine] = store_->Enroll(req, kT0)->node_key();
  }

  std::map<std::string, v1::Finding> Findings(bool open_only = true) {
    std::map<std::string, v1::Finding> out;
    auto list = store_->ListFindings(tenant_, open_only);
    EXPECT_TRUE(list);
    for (auto& f : *list) {
      std::string key = f.key();
      for (const auto& h : f.hosts()) {
        auto pos = key.find(h.agent_id());
        if (pos != std::string::npos) {
          key.replace(pos, h.agent_id().size(), h.hostname());
        }
      }
      out[key] = f;
    }
    return out;
  }

  std::unique_ptr<service::FreshStore> fresh_;
  std::unique_ptr<service::TestServer> store_;
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<Engine> engine_;
  std::string secret_;
  std::int64_t tenant_ = 0;
  std::map<std::string, std::string> keys_;
  std::map<std::string, std::uint64_t> sequence_;
};

INSTANTIATE_TEST_SUITE_P(Backends, EngineTest, service::kBothBackends,
                         service::BackendName);

TEST_P(EngineTest, GapResolvesWhenFixedAndReopensWhenItReturns) {
  Add("m1");
  Send("m1", {"bash"}, v1::TRI_STATE_NO, kT0);
  auto open = Findings();
  ASSERT_TRUE(open.contains("firewall-off:m1"));
  EXPECT_EQ(open["firewall-off:m1"].first_seen(), kT0);
  EXPECT_EQ(open["firewall-off:m1"].controls(0).id(), "4.5");

  Send("m1", {"bash"}, v1::TRI_STATE_YES, kT0 + 100);
  EXPECT_FALSE(Findings().contains("firewall-off:m1"));
  auto all = Findings(/*open_only=*/false);
  ASSERT_TRUE(all.contains("firewall-off:m1"));
  EXPECT_EQ(all["firewall-off:m1"].resolved_at(), kT0 + 100);

  Send("m1", {"bash"}, v1::TRI_STATE_NO, kT0 + 200);
  open = Findings();
  ASSERT_TRUE(open.contains("firewall-off:m1"));
  EXPECT_EQ(open["firewall-off:m1"].first_seen(), kT0);  // Same identity.
  EXPECT_EQ(open["firewall-off:m1"].reopened(), 1u);
  EXPECT_EQ(open["firewall-off:m1"].resolved_at(), 0);
}

TEST_P(EngineTest, IngestReevaluatesOnlyWhatItTouched) {
  Add("m1");
  Send("m1", {"bash", "firefox-esr"}, v1::TRI_STATE_YES, kT0);
  // The same snapshot again: nothing changed, nothing re-evaluated.
  auto same = Send("m1", {"bash", "firefox-esr"}, v1::TRI_STATE_YES, kT0 + 60);
  EXPECT_EQ(same.hosts, 0);
  EXPECT_EQ(same.categories, 0);
  // A library: not a product, no category to look at.
  auto lib = Send("m1", {"bash", "firefox-esr", "libfoo1"}, v1::TRI_STATE_YES,
                  kT0 + 120);
  EXPECT_EQ(lib.categories, 0);
  // A browser: a product, but browsers cannot overlap or be governed.
  auto browser = Send("m1", {"bash", "firefox-esr", "libfoo1", "chromium"},
                      v1::TRI_STATE_YES, kT0 + 180);
  EXPECT_EQ(browser.hosts, 1);
  EXPECT_EQ(browser.categories, 0);
  // A remote-access tool: the host and that one category.
  auto anydesk =
      Send("m1", {"bash", "firefox-esr", "libfoo1", "chromium", "anydesk"},
           v1::TRI_STATE_YES, kT0 + 240);
  EXPECT_EQ(anydesk.hosts, 1);
  EXPECT_EQ(anydesk.categories, 1);
  EXPECT_TRUE(Findings().contains("shadow-it:anydesk"));
  // Removing it resolves the shadow-IT finding.
  Send("m1", {"bash", "firefox-esr", "libfoo1", "chromium"}, v1::TRI_STATE_YES,
       kT0 + 300);
  EXPECT_FALSE(Findings().contains("shadow-it:anydesk"));
}

TEST_P(EngineTest, OverlapCountsHostsPerProduct) {
  for (const char* m : {"a", "b", "c"}) Add(m);
  Send("a", {"anydesk"}, v1::TRI_STATE_YES, kT0);
  Send("b", {"anydesk", "teamviewer"}, v1::TRI_STATE_YES, kT0);
  Send("c", {"slack-desktop"}, v1::TRI_STATE_YES, kT0);
  auto f = Findings();
  ASSERT_TRUE(f.contains("overlap:remote-access"));
  const auto& o = f["overlap:remote-access"];
  ASSERT_EQ(o.evidence_size(), 2);
  EXPECT_EQ(o.evidence(0).rfind("AnyDesk: 2 hosts", 0), 0u) << o.evidence(0);
  EXPECT_EQ(o.evidence(1).rfind("TeamViewer: 1 host", 0), 0u);
  EXPECT_FALSE(f.contains("overlap:chat"));  // One chat product only.
}

TEST_P(EngineTest, SanctioningResolvesShadowIt) {
  Add("a");
  Send("a", {"anydesk"}, v1::TRI_STATE_YES, kT0);
  ASSERT_TRUE(Findings().contains("shadow-it:anydesk"));
  v1::TenantPolicy policy;
  auto* s = policy.add_sanctioned();
  s->set_category("remote-access");
  s->add_products("anydesk");
  ASSERT_TRUE(ValidatePolicy(policy, *catalog_));
  ASSERT_TRUE(store_->SetPolicy(tenant_, policy, kT0 + 10));
  auto stats = engine_->EvaluateTenant(tenant_, kT0 + 10);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->changes.resolved, 1);
  EXPECT_FALSE(Findings().contains("shadow-it:anydesk"));
}

v1::Package Extension(const std::string& id, const std::string& name,
                      const std::string& profile, bool all_sites) {
  v1::Package p;
  p.set_source(v1::PACKAGE_SOURCE_BROWSER);
  p.set_name(id);
  p.set_version("1.0");
  p.set_installed(true);
  auto* d = p.mutable_browser();
  d->set_browser("brave");
  d->set_user("bob");
  d->set_profile(profile);
  d->set_display_name(name);
  d->set_enabled(true);
  d->set_all_sites(all_sites);
  if (all_sites) d->add_host_permissions("<all_urls>");
  return p;
}

TEST_P(EngineTest, AllSitesExtensionsAreFindingsUntilSanctionedOrRemoved) {
  const std::string bitwarden = "nngceckbapebfimnlniiiahkandclblb";
  const std::string helper = "cjpalhdlnbpafiamejdnhcphjbkeiagm";
  const std::string reader = "ghbmnnjooekpmoecnnnilnnbdlolhkhi";
  Add("a");
  Send("a", {"curl"}, v1::TRI_STATE_YES, kT0, false,
       {Extension(bitwarden, "Bitwarden Password Manager", "Profile 1", true),
        Extension(bitwarden, "Bitwarden Password Manager", "Default", true),
        Extension(helper, "Page \x1b[31mHelper", "Default", true),
        Extension(reader, "Reader", "Default", false)});
  auto found = Findings();
  ASSERT_TRUE(found.contains("extension-all-sites:a:" + bitwarden));
  ASSERT_TRUE(found.contains("extension-all-sites:a:" + helper));
  EXPECT_FALSE(found.contains("extension-all-sites:a:" + reader));
  const auto& bw = found["extension-all-sites:a:" + bitwarden];
  EXPECT_EQ(bw.category(), "password-manager");  // matched by its id
  EXPECT_EQ(bw.title(),
            "a: browser extension Bitwarden can read and change every site");
  ASSERT_EQ(bw.evidence_size(), 3);  // both profiles, then how to accept it
  EXPECT_EQ(
      bw.evidence(0),
      "a: brave, user bob, profile Default: Bitwarden 1.0 (" + bitwarden + ")");
  EXPECT_EQ(bw.controls(0).id(), "9.4");
  const auto& other = found["extension-all-sites:a:" + helper];
  EXPECT_TRUE(other.category().empty());  // not catalogued
  EXPECT_EQ(other.title().find('\x1b'), std::string::npos);
  // The extension counts as the tenant's Bitwarden like the desktop app.
  auto tenant_products = store_->raw().TenantProducts(tenant_);
  ASSERT_TRUE(tenant_products);
  EXPECT_TRUE(
      std::any_of(tenant_products->begin(), tenant_products->end(),
                  [](const auto& p) { return p.product == "bitwarden"; }));

  v1::TenantPolicy policy;
  auto* s = policy.add_sanctioned();
  s->set_category("password-manager");
  s->add_products("bitwarden");
  ASSERT_TRUE(ValidatePolicy(policy, *catalog_));
  ASSERT_TRUE(store_->SetPolicy(tenant_, policy, kT0 + 10));
  ASSERT_TRUE(engine_->EvaluateTenant(tenant_, kT0 + 10));
  found = Findings();
  EXPECT_FALSE(found.contains("extension-all-sites:a:" + bitwarden));
  EXPECT_TRUE(found.contains("extension-all-sites:a:" + helper));

  // Removing the uncatalogued extension resolves its finding, from a
  // snapshot whose only change is that (no product, no other section).
  Host h = *store_->AuthenticateNode(keys_["a"]);
  v1::Snapshot only_software;
  only_software.set_sequence(++sequence_["a"]);
  auto* sw = only_software.add_sections();
  sw->set_collector("software");
  *sw->mutable_software()->add_packages() = Deb("curl");
  for (const char* profile : {"Profile 1", "Default"}) {
    *sw->mutable_software()->add_packages() =
        Extension(bitwarden, "Bitwarden Password Manager", profile, true);
  }
  *sw->mutable_software()->add_packages() =
      Extension(reader, "Reader", "Default", false);
  sw->set_content_hash(common::SectionPayloadHash(*sw));
  service::IngestStats stats;
  ASSERT_TRUE(store_->Ingest(h, only_software, 100, kT0 + 20, &stats));
  ASSERT_TRUE(engine_->AfterIngest(h, stats, kT0 + 20));
  EXPECT_FALSE(Findings().contains("extension-all-sites:a:" + helper));
}

TEST_P(EngineTest, UnpackedDpkgPackageCountsForShadowItMarkedAsSuch) {
  Add("a");
  v1::Package unpacked = Deb("anydesk");
  unpacked.set_installed(false);
  unpacked.mutable_dpkg()->set_want("install");
  unpacked.mutable_dpkg()->set_state("unpacked");
  v1::Package leftover = Deb("teamviewer");  // removed, configuration kept
  leftover.set_installed(false);
  leftover.mutable_dpkg()->set_want("deinstall");
  leftover.mutable_dpkg()->set_state("config-files");
  Send("a", {"curl"}, v1::TRI_STATE_YES, kT0, false, {unpacked, leftover});
  auto found = Findings();
  ASSERT_TRUE(found.contains("shadow-it:anydesk"));
  EXPECT_FALSE(found.contains("shadow-it:teamviewer"));  // no files left
  EXPECT_EQ(found["shadow-it:anydesk"].evidence(0),
            "AnyDesk: 1 host: a (dpkg anydesk 1.0, not fully installed: "
            "unpacked (install))");
  // dpkg --configure finishes: the same version, now installed.
  Send("a", {"curl", "anydesk"}, v1::TRI_STATE_YES, kT0 + 60);
  found = Findings();
  ASSERT_TRUE(found.contains("shadow-it:anydesk"));
  EXPECT_EQ(found["shadow-it:anydesk"].evidence(0),
            "AnyDesk: 1 host: a (dpkg anydesk 1.0)");
}

// Windows programs, read by the real parsers from registry exports (machine,
// 32-bit view, the user's hive), count like packages: catalogued by
// DisplayName, and by Publisher too where the catalog asks for it.
TEST_P(EngineTest, WindowsProgramsAreCataloguedByDisplayNameAndPublisher) {
  std::vector<v1::Package> programs;
  for (const char* f : {"windows/uninstall_machine_wine8.reg",
                        "windows/uninstall_wow6432node_wine8.reg",
                        "windows/uninstall_user_wine8.reg"}) {
    auto keys = collectors::ParseRegistryExport(testing::ReadFixture(f));
    ASSERT_TRUE(keys) << f;
    for (auto& p : collectors::software::WindowsPrograms(*keys)) {
      programs.push_back(std::move(p));
    }
  }
  // "Windows Agent" is N-central's only when N-able publishes it.
  v1::Package agent;
  agent.set_source(v1::PACKAGE_SOURCE_WINDOWS);
  agent.set_name("Windows Agent");
  agent.set_version("2023.9.0.7");
  agent.set_installed(true);
  agent.mutable_windows()->set_scope("machine-32");
  agent.mutable_windows()->set_key_name(
      "{0C9A0F2C-7E5D-4C5E-8B1A-3E2B1C0D9A87}");
  agent.mutable_windows()->set_publisher("N-able Technologies");
  v1::Package other = agent;
  other.mutable_windows()->set_key_name("OtherAgent");
  other.mutable_windows()->set_publisher("Contoso Ltd.");
  Add("w");
  programs.push_back(agent);
  programs.push_back(other);
  Send("w", {}, v1::TRI_STATE_YES, kT0, false, programs);

  Host h = *store_->AuthenticateNode(keys_["w"]);
  auto ids = *store_->raw().HostProductIds(h.id);
  for (const char* id :
       {"anydesk", "teamviewer", "zoom", "slack", "ncentral"}) {
    EXPECT_TRUE(ids.contains(id)) << id;
  }
  auto found = Findings();
  ASSERT_TRUE(found.contains("shadow-it:anydesk"));
  EXPECT_EQ(found["shadow-it:anydesk"].evidence(0),
            "AnyDesk: 1 host: w (windows AnyDesk ad 8.0.9)");
  EXPECT_TRUE(found.contains("shadow-it:ncentral"));
  // The other publisher's "Windows Agent" is no product: one row for it.
  auto rows = store_->raw().HostProducts(h.id);
  ASSERT_TRUE(rows);
  EXPECT_EQ(std::count_if(rows->begin(), rows->end(),
                          [](const service::HostProduct& p) {
                            return p.package == "Windows Agent";
                          }),
            1);

  // Uninstalled from the user's hive: Zoom is gone, the rest stays.
  std::erase_if(programs,
                [](const v1::Package& p) { return p.name() == "Zoom"; });
  Send("w", {}, v1::TRI_STATE_YES, kT0 + 60, false, programs);
  ids = *store_->raw().HostProductIds(h.id);
  EXPECT_FALSE(ids.contains("zoom"));
  EXPECT_TRUE(ids.contains("slack"));
}

TEST_P(EngineTest, AProductInTwoProfilesStaysWhileOneRemains) {
  const std::string bitwarden = "nngceckbapebfimnlniiiahkandclblb";
  Add("a");
  Send("a", {"curl"}, v1::TRI_STATE_YES, kT0, false,
       {Extension(bitwarden, "Bitwarden", "Default", false),
        Extension(bitwarden, "Bitwarden", "Profile 1", false)});
  auto ids = [&] {
    Host h = *store_->AuthenticateNode(keys_["a"]);
    return *store_->raw().HostProductIds(h.id);
  };
  EXPECT_TRUE(ids().contains("bitwarden"));
  Send("a", {"curl"}, v1::TRI_STATE_YES, kT0 + 60, false,
       {Extension(bitwarden, "Bitwarden", "Profile 1", false)});
  EXPECT_TRUE(ids().contains("bitwarden"));  // still in Profile 1
  Send("a", {"curl"}, v1::TRI_STATE_YES, kT0 + 120);
  EXPECT_FALSE(ids().contains("bitwarden"));
}

TEST_P(EngineTest, SilentAgentFoundBySweepAndResolvedByNextSnapshot) {
  Add("a");
  Send("a", {"bash"}, v1::TRI_STATE_YES, kT0);
  ASSERT_TRUE(engine_->Sweep(kT0 + 3 * 86400));
  EXPECT_FALSE(Findings().contains("agent-silent:a"));
  ASSERT_TRUE(engine_->Sweep(kT0 + 8 * 86400));
  ASSERT_TRUE(Findings().contains("agent-silent:a"));
  Send("a", {"bash"}, v1::TRI_STATE_YES, kT0 + 8 * 86400 + 5);
  EXPECT_FALSE(Findings().contains("agent-silent:a"));
}

TEST_P(EngineTest, CollectorFailingAfterThreeSnapshotsInARow) {
  Add("a");
  for (int i = 0; i < 2; ++i) {
    Send("a", {"bash"}, v1::TRI_STATE_YES, kT0 + i, /*backup_errors=*/true);
  }
  EXPECT_FALSE(Findings().contains("collector-failing:a:backup"));
  Send("a", {"bash"}, v1::TRI_STATE_YES, kT0 + 2, /*backup_errors=*/true);
  auto f = Findings();
  ASSERT_TRUE(f.contains("collector-failing:a:backup"));
  EXPECT_NE(f["collector-failing:a:backup"].evidence(0).find("exit status 1"),
            std::string::npos);
  Send("a", {"bash"}, v1::TRI_STATE_YES, kT0 + 3);
  EXPECT_FALSE(Findings().contains("collector-failing:a:backup"));
}

TEST_P(EngineTest, CatalogChangeRematchesEveryHost) {
  Add("a");
  Send("a", {"anydesk", "bash"}, v1::TRI_STATE_YES, kT0);
  ASSERT_TRUE(engine_->SyncCatalog(kT0));
  // A catalog where bash is a remote-access product (and AnyDesk is not).
  auto other = Catalog::Parse(
      "categories { id: \"remote-access\" name: \"Remote\" overlap: true "
      "governed_by_default: true high_risk: true }\n"
      "products { id: \"bash\" name: \"Bash\" vendor: \"GNU\" category: "
      "\"remote-access\" deb: \"bash\" }\n",
      "other");
  ASSERT_TRUE(other) << other.error().message;
  Engine engine(store_->raw(), *other);
  auto synced = engine.SyncCatalog(kT0 + 1);
  ASSERT_TRUE(synced) << synced.error().message;
  EXPECT_EQ(synced->hosts, 1);
  auto f = Findings();
  EXPECT_TRUE(f.contains("shadow-it:bash"));
  EXPECT_FALSE(f.contains("shadow-it:anydesk"));
  // Unchanged catalog: nothing to do.
  EXPECT_EQ(engine.SyncCatalog(kT0 + 2)->hosts, 0);
}

// Two servers on one database, each ingesting every snapshot at the same
// moment (an agent retrying at the other server): each snapshot is stored
// once, product counts lose no update, and the findings are exactly those a
// single server reaches.
TEST_P(EngineTest, TwoServersAtOnceAgreeWithOneServer) {
  constexpr int kHosts = 6, kRounds = 5;
  auto packages = [](int host, int round) {
    std::vector<std::string> debs = {"bash"};
    if ((host + round) % 2 == 0) debs.push_back("anydesk");
    if ((host + round) % 3 == 0) debs.push_back("teamviewer");
    if (host % 2 == 1) debs.push_back("slack-desktop");
    return debs;
  };
  for (int h = 0; h < kHosts; ++h) Add("h" + std::to_string(h));
  auto second = service::TestServer::Open(fresh_->url());
  ASSERT_TRUE(second) << second.error().message;
  Engine second_engine((*second)->raw(), *catalog_);
  struct Server {
    service::TestServer* store;
    Engine* engine;
  };
  std::vector<Server> servers = {{store_.get(), engine_.get()},
                                 {second->get(), &second_engine}};
  std::atomic<int> stored{0}, duplicates{0}, failures{0};
  for (int round = 0; round < kRounds; ++round) {
    const std::int64_t now = kT0 + 60 * round;
    for (int h = 0; h < kHosts; ++h) {
      const std::string m = "h" + std::to_string(h);
      Host host = *store_->AuthenticateNode(keys_[m]);
      v1::Snapshot s;
      s.set_sequence(static_cast<std::uint64_t>(round + 1));
      auto* sw = s.add_sections();
      sw->set_collector("software");
      for (const auto& d : packages(h, round)) {
        *sw->mutable_software()->add_packages() = Deb(d);
      }
      sw->set_content_hash(common::SectionPayloadHash(*sw));
      std::vector<std::thread> threads;
      for (auto& server : servers) {
        threads.emplace_back([&, server] {
          service::IngestStats stats;
          auto r = server.store->Ingest(host, s, 100, now, &stats);
          if (!r) {
            ++failures;
            return;
          }
          if (r->duplicate()) {
            ++duplicates;
            return;
          }
          ++stored;
          if (!server.engine->AfterIngest(host, stats, now)) ++failures;
        });
      }
      for (auto& t : threads) t.join();
    }
  }
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(stored.load(), kHosts * kRounds);
  EXPECT_EQ(duplicates.load(), kHosts * kRounds);
  // Product counts are what the host rows say.
  auto products = store_->raw().TenantProducts(tenant_);
  ASSERT_TRUE(products);
  for (const auto& p : *products) {
    int with = 0;
    for (int h = 0; h < kHosts; ++h) {
      auto host = *store_->AuthenticateNode(keys_["h" + std::to_string(h)]);
      with += store_->raw().HostProductIds(host.id)->contains(p.product);
    }
    EXPECT_EQ(p.hosts, with) << p.product;
  }
  // Re-evaluating from scratch changes nothing.
  auto again = engine_->EvaluateTenant(tenant_, kT0 + 60 * kRounds);
  ASSERT_TRUE(again);
  EXPECT_EQ(
      again->changes.opened + again->changes.resolved + again->changes.reopened,
      0);
  // And one server given the final state alone reaches the same findings.
  auto concurrent = Findings();
  ASSERT_TRUE(concurrent.contains("overlap:remote-access"));
  service::FreshStore single_db(GetParam());
  auto single = service::TestServer::Open(single_db.url());
  ASSERT_TRUE(single);
  store_ = std::move(*single);
  engine_ = std::make_unique<Engine>(store_->raw(), *catalog_);
  secret_ = *store_->AddTenant("acme", kT0);
  tenant_ = (*store_->FindTenant("acme"))->id;
  sequence_.clear();
  for (int h = 0; h < kHosts; ++h) {
    const std::string m = "h" + std::to_string(h);
    Add(m);
    Send(m, packages(h, kRounds - 1), v1::TRI_STATE_YES, kT0);
  }
  auto alone = Findings();
  // The single run also reports protection and backup (Send adds them);
  // compare the software findings.
  for (const auto& [key, f] : concurrent) {
    ASSERT_TRUE(alone.contains(key)) << key;
    EXPECT_EQ(f.evidence_size(), alone[key].evidence_size()) << key;
    for (int i = 0; i < f.evidence_size(); ++i) {
      EXPECT_EQ(f.evidence(i), alone[key].evidence(i)) << key;
    }
  }
}

}  // namespace
}  // namespace surveyor::findings
