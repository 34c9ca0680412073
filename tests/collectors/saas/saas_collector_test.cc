// The "saas" collector on a scripted HTTP client: a connector with an
// interval of its own is read again only when due; in between its last
// complete result is carried over from the agent's last section.
#include "collectors/saas/saas_collector.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/fakes/fake_http_client.h"
#include "tests/fixture.h"

namespace surveyor::collectors::saas {
namespace {

namespace fs = std::filesystem;

class ScriptedFactory final : public HttpClientFactory {
 public:
  std::unique_ptr<HttpClient> For(const v1::SaasConnector&) override {
    ++clients;
    auto client = std::make_unique<testing::FakeHttpClient>();
    client->Then(200, testing::ReadFixture("saas/slack_users_list.json"));
    client->Then(200, R"({"ok":true,"members":[],"response_metadata":{}})");
    client->Then(200, testing::ReadFixture("saas/slack_billable_info.json"));
    return client;
  }
  Waiter& waiter() override { return waiter_; }
  int clients = 0;

 private:
  testing::RecordingWaiter waiter_;
};

TEST(SaasCollectorTest, ConnectorIntervalCarriesTheLastResultOver) {
  const fs::path dir = fs::temp_directory_path() / ("surveyor-saas-collector-" +
                                                    std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "slack.token") << "xoxp-1\n";
  fs::permissions(dir / "slack.token", fs::perms(0600));
  v1::AgentConfig config;
  auto* c = config.add_saas_connectors();
  c->set_vendor("slack");
  c->set_name("acme-slack");
  c->set_secret_file((dir / "slack.token").string());
  c->set_interval_seconds(3600);
  auto view = HostView::Open(dir.string());
  ASSERT_TRUE(view);
  ScriptedFactory factory;
  const auto t0 = std::chrono::system_clock::time_point(
      std::chrono::seconds(1'800'000'000));
  std::optional<v1::Section> last;
  auto collect = [&](std::chrono::system_clock::time_point now) {
    CollectContext ctx{*view, now, config, nullptr, &factory};
    ctx.last_section = [&](std::string_view) { return last; };
    v1::Section section;
    SaasCollector().Collect(ctx, section);
    last = section;
    return section;
  };
  v1::Section first = collect(t0);
  EXPECT_EQ(factory.clients, 1);
  ASSERT_EQ(first.saas().connectors_size(), 1);
  EXPECT_EQ(first.saas().connectors(0).ran_at().seconds(), 1'800'000'000);
  // Ten minutes later: not due, the same result and its time carried over.
  v1::Section second = collect(t0 + std::chrono::minutes(10));
  EXPECT_EQ(factory.clients, 1);
  EXPECT_EQ(second.SerializeAsString(), first.SerializeAsString());
  // An hour after the read: due again.
  v1::Section third = collect(t0 + std::chrono::minutes(61));
  EXPECT_EQ(factory.clients, 2);
  EXPECT_EQ(third.saas().connectors(0).ran_at().seconds(),
            1'800'000'000 + 61 * 60);
  // A partial last run is never carried over.
  last->mutable_saas()->mutable_connectors(0)->set_partial(true);
  collect(t0 + std::chrono::minutes(62));
  EXPECT_EQ(factory.clients, 3);
  // Two connectors of one vendor: records cannot be told apart, both run.
  *config.add_saas_connectors() = *c;
  config.mutable_saas_connectors(1)->set_name("other-slack");
  collect(t0 + std::chrono::minutes(63));
  EXPECT_EQ(factory.clients, 5);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace surveyor::collectors::saas
