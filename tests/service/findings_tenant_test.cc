// A realistic tenant of 25 hosts (servers and laptops, Debian and Rocky,
// dpkg/rpm/Flatpak, some with gaps), built from snapshot fixtures and sent
// through the real surveyor-server over TLS: the findings must be exactly
// the expected ones, and every catalogued tool present must be found.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "common/textproto.h"
#include "service/findings/catalog.h"
#include "surveyor/v1/service.pb.h"
#include "surveyor/v1/snapshot.pb.h"
#include "tests/agent/run_process.h"
#include "tests/signed_enroll.h"

namespace surveyor {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using testing::RunProcess;

const std::string kServer = SURVEYOR_SERVER_BIN;
const std::string kFixtures = SURVEYOR_FIXTURES;
const std::string kSource = SURVEYOR_SOURCE_DIR;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Fixture times are offsets from now (seconds <= 0).
void Rebase(google::protobuf::Timestamp* t, std::int64_t now) {
  if (t->seconds() <= 0) t->set_seconds(now + t->seconds());
}

class FindingsTenantTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("surveyor-tenant-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ASSERT_EQ(RunProcess({"/bin/bash", kSource + "/install/make-cert.sh",
                          (dir_ / "tls").string()})
                  .exit_code,
              0);
    auto out = Admin({"tenant", "add", "acme"});
    secret_ = out.substr(out.rfind(' ') + 1);
    while (!secret_.empty() && secret_.back() == '\n') secret_.pop_back();
    auto token = Admin({"token", "add", "--tenant", "acme"});
    token_ = token.substr(token.rfind(' ') + 1);
    while (!token_.empty() && token_.back() == '\n') token_.pop_back();
    pid_ = testing::SpawnBackground(
        {kServer, "serve", "--data-dir", (dir_ / "data").string(), "--cert",
         (dir_ / "tls/server.crt").string(), "--key",
         (dir_ / "tls/server.key").string(), "--listen", "127.0.0.1:0",
         "--port-file", (dir_ / "port").string()},
        (dir_ / "server.log").string());
    for (int i = 0; i < 500 && !fs::exists(dir_ / "port"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    port_ = std::stoi(Slurp(dir_ / "port"));
  }
  void TearDown() override {
    testing::StopProcess(pid_, SIGTERM);
    fs::remove_all(dir_);
  }

  std::string Admin(std::vector<std::string> args) {
    std::vector<std::string> argv = {kServer};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("--data-dir");
    argv.push_back((dir_ / "data").string());
    auto r = RunProcess(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  // POSTs `body`; returns the response body (and HTTP status).
  std::string Post(const std::string& path, const std::string& body,
                   const std::string& bearer, int* status) {
    fs::path in = dir_ / "body.bin", out = dir_ / "answer.bin";
    std::ofstream(in, std::ios::binary) << body;
    std::vector<std::string> argv = {"/usr/bin/curl",
                                     "-s",
                                     "-o",
                                     out.string(),
                                     "-w",
                                     "%{http_code}",
                                     "--cacert",
                                     (dir_ / "tls/server.crt").string(),
                                     "-X",
                                     "POST",
                                     "-H",
                                     "Content-Type: application/x-protobuf",
                                     "--data-binary",
                                     "@" + in.string()};
    if (!bearer.empty()) {
      argv.push_back("-H");
      argv.push_back("Authorization: Bearer " + bearer);
    }
    argv.push_back("https://localhost:" + std::to_string(port_) + path);
    *status = std::stoi(RunProcess(argv).out);
    return Slurp(out);
  }

  std::string Get(const std::string& path) {
    return RunProcess({"/usr/bin/curl", "-s", "--cacert",
                       (dir_ / "tls/server.crt").string(), "-H",
                       "Authorization: Bearer " + token_,
                       "https://localhost:" + std::to_string(port_) + path})
        .out;
  }

  // Enrolls the fixture's machine and sends its snapshot `times` times.
  void SendHost(v1::Snapshot snapshot, int times) {
    std::int64_t now = Now();
    for (auto& sec : *snapshot.mutable_sections()) {
      if (sec.has_protection()) {
        for (auto& p : *sec.mutable_protection()->mutable_products()) {
          Rebase(p.mutable_signature_time(), now);
        }
      }
      if (sec.has_backup()) {
        for (auto& j : *sec.mutable_backup()->mutable_jobs()) {
          if (j.has_last_success()) Rebase(j.mutable_last_success(), now);
        }
      }
    }
    v1::EnrollRequest enroll;
    enroll.set_enroll_secret(secret_);
    *enroll.mutable_host() = snapshot.host();
    testing::SignEnroll(enroll);
    int status = 0;
    v1::EnrollResponse resp;
    ASSERT_TRUE(resp.ParseFromString(
        Post("/v1/enroll", enroll.SerializeAsString(), "", &status)));
    ASSERT_EQ(status, 200);
    snapshot.set_agent_id(resp.agent_id());
    for (int i = 1; i <= times; ++i) {
      snapshot.set_sequence(static_cast<std::uint64_t>(i));
      Post("/v1/snapshots", snapshot.SerializeAsString(), resp.node_key(),
           &status);
      ASSERT_EQ(status, 200) << snapshot.host().hostname();
    }
  }

  fs::path dir_;
  std::string secret_, token_;
  int pid_ = -1;
  int port_ = 0;
};

TEST_F(FindingsTenantTest, ExpectedFindingsAndNoSpuriousOnes) {
  auto catalog = findings::Catalog::Builtin();
  ASSERT_TRUE(catalog);
  ASSERT_FALSE(Admin({"policy", "set", "--tenant", "acme",
                      kFixtures + "/tenant/policy.textproto"})
                   .empty());
  // Every catalogued tool in the fixtures, by product id.
  std::set<std::string> present;
  int hosts = 0;
  for (int n = 1; n <= 25; ++n) {
    char name[32];
    std::snprintf(name, sizeof(name), "/tenant/host-%02d.textproto", n);
    v1::Snapshot s;
    auto parsed = common::ParseTextProto(Slurp(kFixtures + name), name, s);
    ASSERT_TRUE(parsed) << parsed.error().message;
    for (const auto& sec : s.sections()) {
      if (!sec.has_software()) continue;
      for (const auto& p : sec.software().packages()) {
        auto source = findings::FromPackageSource(p.source());
        const auto* product = catalog->Match(*source, p.name());
        if (product) present.insert(product->id());
      }
    }
    // srv-legacy's backup collector fails three snapshots in a row.
    SendHost(s, s.host().hostname() == "srv-legacy" ? 3 : 1);
    ++hosts;
  }
  ASSERT_EQ(hosts, 25);

  auto cli = RunProcess({kServer, "findings", "--tenant", "acme", "--format",
                         "json", "--data-dir", (dir_ / "data").string()});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  json::value doc = json::parse(cli.out);
  std::set<std::string> got;
  for (const auto& f : doc.at("findings").as_array()) {
    std::string key(f.at("key").as_string());
    for (const auto& h : f.at("hosts").as_array()) {
      std::string agent(h.at("agent_id").as_string());
      auto pos = key.find(agent);
      if (pos != std::string::npos) {
        key.replace(pos, agent.size(),
                    std::string(h.at("hostname").as_string()));
      }
    }
    got.insert(key);
    EXPECT_FALSE(f.at("controls").as_array().empty()) << key;
    EXPECT_FALSE(f.at("evidence").as_array().empty()) << key;
  }
  std::set<std::string> want;
  std::istringstream expected(
      Slurp(kFixtures + "/tenant/expected_findings.txt"));
  for (std::string line; std::getline(expected, line);) {
    if (!line.empty() && line[0] != '#') want.insert(line);
  }
  EXPECT_EQ(got, want);

  // The API says the same to the tenant's token.
  json::value api = json::parse(Get("/v1/tenants/acme/findings"));
  EXPECT_EQ(api.at("open").as_int64(), static_cast<std::int64_t>(want.size()));

  // Products: every catalogued tool present was found; libraries stay
  // uncatalogued, visible with their host counts.
  json::value products = json::parse(Get("/v1/tenants/acme/products"));
  std::set<std::string> found;
  std::map<std::string, std::int64_t> host_count;
  for (const auto& p : products.at("products").as_array()) {
    std::string id(p.at("id").as_string());
    found.insert(id);
    host_count[id] = p.at("hosts").as_int64();
  }
  EXPECT_EQ(found, present);
  EXPECT_EQ(host_count["anydesk"], 2);
  EXPECT_EQ(host_count["rustdesk"], 1);       // Flatpak.
  EXPECT_EQ(host_count["node-exporter"], 1);  // rpm.
  EXPECT_EQ(host_count["slack"], 19);
  EXPECT_EQ(host_count["lastpass"], 1);    // a Chrome extension only
  EXPECT_EQ(host_count["bitwarden"], 19);  // lap-02 has app and extension: once
  std::map<std::string, std::int64_t> uncatalogued;
  for (const auto& u : products.at("uncatalogued").as_array()) {
    uncatalogued[std::string(u.at("name").as_string())] =
        u.at("hosts").as_int64();
  }
  EXPECT_EQ(uncatalogued["libc6"], 24);
  EXPECT_EQ(uncatalogued["libclamav11"], 24);
  EXPECT_EQ(uncatalogued["nginx"], 5);
  EXPECT_FALSE(uncatalogued.contains("anydesk"));
  EXPECT_EQ(uncatalogued["uBlock0@raymondhill.net"], 1);  // an extension
}

}  // namespace
}  // namespace surveyor
