// The route table, authorisation, back-pressure and body decoding of the
// real Api with its worker pool over a real SQLite store (no sockets).
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <future>
#include <set>
#include <tuple>
#include <vector>

#include "common/compression.h"
#include "common/snapshot_delta.h"
#include "tests/packages.h"
#include "tests/service/api_harness.h"
#include "tests/service/server_harness.h"

namespace surveyor::service {
namespace {

namespace fs = std::filesystem;
namespace http = boost::beast::http;

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("surveyor-api-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    auto server = TestServer::Open(dir_.string());
    ASSERT_TRUE(server);
    auto secret = (*server)->AddTenant("dental", 1);
    (*server)->AddTenant("other", 1);
    token_ = *(*server)->AddToken("dental", 1);
    other_token_ = *(*server)->AddToken("other", 1);
    admin_ = *(*server)->AddToken("", 1);
    v1::EnrollRequest enroll;
    enroll.set_enroll_secret(*secret);
    enroll.mutable_host()->set_machine_id("m1");
    auto node = (*server)->Enroll(enroll, 1);
    ASSERT_TRUE(node);
    node_key_ = node->node_key();
    agent_id_ = node->agent_id();
  }
  void TearDown() override { fs::remove_all(dir_); }

  static HttpRequest Request(http::verb method, const std::string& target,
                             const std::string& bearer = "",
                             std::string body = "") {
    HttpRequest req{method, target, 11};
    if (!bearer.empty())
      req.set(http::field::authorization, "Bearer " + bearer);
    req.body() = std::move(body);
    req.prepare_payload();
    return req;
  }
  static boost::json::object ErrorBody(const HttpResponse& res) {
    EXPECT_EQ(res[http::field::content_type], "application/json");
    boost::system::error_code ec;
    auto v = boost::json::parse(res.body(), ec);
    EXPECT_FALSE(ec) << res.body();
    EXPECT_TRUE(v.is_object()) << res.body();
    return v.is_object() ? v.as_object() : boost::json::object{};
  }
  v1::Snapshot Inventory(std::uint64_t seq, int packages) {
    v1::Snapshot s = testing::GeneratedInventory(seq, "m1", packages);
    auto* sec = s.mutable_sections(0);
    common::CanonicalizeSoftware(*sec->mutable_software());
    sec->set_content_hash(common::SectionPayloadHash(*sec));
    return s;
  }

  fs::path dir_;
  std::string token_, other_token_, admin_, node_key_, agent_id_;
};

TEST_F(ApiTest, UnknownPathsAndMethodsAnswerJson) {
  ApiHarness api(dir_.string(), nullptr, [] { return std::int64_t{1000}; });
  auto res = api.Call(Request(http::verb::get, "/v2/nothing", token_));
  EXPECT_EQ(res.result_int(), 404);
  EXPECT_EQ(ErrorBody(res)["error"], "not-found");
  res = api.Call(
      Request(http::verb::delete_, "/v1/tenants/dental/policy", admin_));
  EXPECT_EQ(res.result_int(), 405);
  EXPECT_EQ(res[http::field::allow], "GET, PUT");
  EXPECT_EQ(ErrorBody(res)["error"], "method-not-allowed");
  res = api.Call(Request(http::verb::get, "/v1/snapshots"));
  EXPECT_EQ(res.result_int(), 405);
  EXPECT_EQ(res[http::field::allow], "POST");
  res = api.Call(Request(http::verb::get, "/healthz"));
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "ok\n");
  // Paths are percent-decoded; what cannot be is refused, not guessed at.
  res =
      api.Call(Request(http::verb::get, "/v1/tenants/d%65ntal/hosts", token_));
  EXPECT_EQ(res.result_int(), 200) << res.body();
  for (const char* bad : {"/v1/tenants/dental%0a/hosts",
                          "/v1/tenants/dental%2Fx/hosts", "/v1/tenants/%g1"}) {
    res = api.Call(Request(http::verb::get, bad, token_));
    EXPECT_EQ(res.result_int(), 400) << bad;
    EXPECT_EQ(ErrorBody(res)["error"], "invalid-request") << bad;
  }
}

TEST_F(ApiTest, AuthorisationOnceForEveryTenantAndHostRoute) {
  ApiHarness api(dir_.string(), nullptr, [] { return std::int64_t{1000}; });
  struct Case {
    std::string target, token;
    unsigned status;
  } cases[] = {
      {"/v1/tenants/dental/hosts", "", 401},
      {"/v1/tenants/dental/hosts", "sat_wrong", 401},
      {"/v1/tenants/dental/hosts", token_, 200},
      {"/v1/tenants/dental/hosts", other_token_, 403},
      {"/v1/tenants/dental/software", other_token_, 403},
      {"/v1/tenants/dental/changes", other_token_, 403},
      {"/v1/tenants/dental/findings", other_token_, 403},
      {"/v1/tenants/nobody/hosts", token_, 403},  // Existence not revealed.
      {"/v1/tenants/nobody/hosts", admin_, 404},
      {"/v1/hosts/" + agent_id_ + "/software", token_, 200},
      {"/v1/hosts/" + agent_id_ + "/software", other_token_, 403},
      {"/v1/hosts/ag_nobody/software", other_token_, 403},
      {"/v1/hosts/ag_nobody/software", admin_, 404},
      {"/v1/tenants/dental/changes?since=abc", token_, 400},
      {"/v1/tenants/dental/changes?until=1x", token_, 400},
      {"/v1/tenants/dental/changes?since=2000&until=1000", token_, 400},
      {"/v1/tenants/dental/findings?all=yes", token_, 400},
      {"/v1/tenants/dental/findings?all=2", token_, 400},
      {"/v1/tenants/dental/findings", token_, 404},  // No engine here.
  };
  for (const auto& c : cases) {
    auto res = api.Call(Request(http::verb::get, c.target, c.token));
    EXPECT_EQ(res.result_int(), c.status) << c.target << " " << res.body();
    if (c.status != 200) {
      EXPECT_TRUE(ErrorBody(res).contains("detail"));
    }
    // A bad parameter is named.
    if (c.status == 400) {
      const std::string detail =
          std::string(ErrorBody(res).at("detail").as_string());
      const std::string name = c.target.substr(
          c.target.find('?') + 1, c.target.find('=') - c.target.find('?') - 1);
      EXPECT_TRUE(detail.starts_with(name + ":")) << c.target << " " << detail;
    }
  }
  auto put = api.Call(
      Request(http::verb::put, "/v1/tenants/dental/policy", token_, ""));
  EXPECT_EQ(put.result_int(), 403);  // Changing a policy needs admin.
}

TEST_F(ApiTest, HostSectionsAsJson) {
  {
    auto server = TestServer::Open(dir_.string());
    ASSERT_TRUE(server);
    auto host = (*server)->AuthenticateNode(node_key_);
    ASSERT_TRUE(host);
    v1::Snapshot s = Inventory(1, 3);
    auto* backup = s.add_sections();
    backup->set_collector("backup");
    auto* job = backup->mutable_backup()->add_jobs();
    job->set_product("restic");
    job->set_job_id("nas");
    job->mutable_last_success()->set_seconds(1794787200);
    backup->set_content_hash(common::SectionPayloadHash(*backup));
    ASSERT_TRUE((*server)->Ingest(*host, s, 100, 1000, nullptr));
  }
  ApiHarness api(dir_.string(), nullptr, [] { return std::int64_t{1000}; });
  auto res = api.Call(Request(
      http::verb::get, "/v1/hosts/" + agent_id_ + "/sections/backup", token_));
  ASSERT_EQ(res.result_int(), 200) << res.body();
  auto body = boost::json::parse(res.body());
  const auto& jobs = body.at("section").at("backup").at("jobs").as_array();
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].at("product").as_string(), "restic");
  EXPECT_EQ(jobs[0].at("last_success").as_string(), "2026-11-16T00:00:00Z");
  EXPECT_EQ(body.at("section").at("error_streak").as_int64(), 0);
  EXPECT_EQ(body.at("host").at("agent_id").as_string(), agent_id_);
  for (const auto& [target, token, status] :
       std::vector<std::tuple<std::string, std::string, unsigned>>{
           {"/v1/hosts/" + agent_id_ + "/sections/backup", other_token_, 403},
           {"/v1/hosts/" + agent_id_ + "/sections/protection", token_, 404},
           {"/v1/hosts/" + agent_id_ + "/sections/software", token_, 404}}) {
    auto r = api.Call(Request(http::verb::get, target, token));
    EXPECT_EQ(r.result_int(), status) << target;
    EXPECT_TRUE(ErrorBody(r).contains("detail"));
  }
}

TEST_F(ApiTest, BrowserExtensionsAreSoftwareWithTheirNames) {
  {
    auto server = TestServer::Open(dir_.string());
    ASSERT_TRUE(server);
    auto host = (*server)->AuthenticateNode(node_key_);
    ASSERT_TRUE(host);
    v1::Snapshot s = Inventory(1, 1);
    auto* software = s.mutable_sections(0)->mutable_software();
    for (const char* profile : {"Default", "Profile 1"}) {
      auto* p = software->add_packages();
      p->set_source(v1::PACKAGE_SOURCE_BROWSER);
      p->set_name("nngceckbapebfimnlniiiahkandclblb");
      p->set_version("2025.12.1");
      p->set_installed(true);
      p->mutable_browser()->set_browser("chrome");
      p->mutable_browser()->set_user("ann");
      p->mutable_browser()->set_profile(profile);
      p->mutable_browser()->set_display_name("Bitwarden Password Manager");
    }
    auto* sec = s.mutable_sections(0);
    common::CanonicalizeSoftware(*sec->mutable_software());
    sec->set_content_hash(common::SectionPayloadHash(*sec));
    ASSERT_TRUE((*server)->Ingest(*host, s, 100, 1000, nullptr));
  }
  ApiHarness api(dir_.string(), nullptr, [] { return std::int64_t{1000}; });
  auto extensions = [](const boost::json::array& rows) {
    std::vector<boost::json::object> out;
    for (const auto& r : rows) {
      if (r.at("source").as_string() == "browser-extension") {
        out.push_back(r.as_object());
      }
    }
    return out;
  };
  auto res = api.Call(
      Request(http::verb::get, "/v1/hosts/" + agent_id_ + "/software", token_));
  ASSERT_EQ(res.result_int(), 200) << res.body();
  auto host_rows =
      extensions(boost::json::parse(res.body()).at("software").as_array());
  ASSERT_EQ(host_rows.size(), 2u);  // one per profile
  EXPECT_EQ(host_rows[0].at("display_name").as_string(),
            "Bitwarden Password Manager");
  res =
      api.Call(Request(http::verb::get, "/v1/tenants/dental/software", token_));
  ASSERT_EQ(res.result_int(), 200) << res.body();
  auto tenant_rows = extensions(boost::json::parse(res.body()).as_array());
  ASSERT_EQ(tenant_rows.size(), 1u);
  EXPECT_EQ(tenant_rows[0].at("hosts").as_int64(), 1);
  EXPECT_EQ(tenant_rows[0].at("name").as_string(),
            "nngceckbapebfimnlniiiahkandclblb");
}

TEST_F(ApiTest, FullQueueAnswers503WithRetryAfter) {
  ApiHarness api(
      dir_.string(), nullptr, [] { return std::int64_t{1000}; },
      /*readers=*/1, /*queue_limit=*/1);
  std::promise<void> release, started;
  std::shared_future<void> gate = release.get_future().share();
  ASSERT_TRUE(api.workers().Post(Lane::kWrite, [&](WorkerContext&) {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();
  // One request waits; the next finds the lane full.
  std::promise<HttpResponse> queued;
  api.Start(Request(http::verb::post, "/v1/snapshots", node_key_,
                    Inventory(1, 3).SerializeAsString()),
            [&](HttpResponse r) { queued.set_value(std::move(r)); });
  auto busy = api.Call(Request(http::verb::post, "/v1/snapshots", node_key_,
                               Inventory(2, 3).SerializeAsString()));
  EXPECT_EQ(busy.result_int(), 503);
  EXPECT_EQ(busy[http::field::retry_after], "5");
  EXPECT_EQ(ErrorBody(busy)["error"], "busy");
  // Reads are served meanwhile.
  auto read = api.Call(Request(http::verb::get, "/v1/tenants", token_));
  EXPECT_EQ(read.result_int(), 200);
  release.set_value();
  EXPECT_EQ(queued.get_future().get().result_int(), 200);
}

TEST_F(ApiTest, CompressedSnapshotsAndTheirLimits) {
  ApiOptions options;
  options.max_snapshot_bytes = 1u << 20;
  ApiHarness api(
      dir_.string(), nullptr, [] { return std::int64_t{1000}; }, 2, 64,
      options);
  auto post = [&](std::string body, const char* encoding) {
    auto req =
        Request(http::verb::post, "/v1/snapshots", node_key_, std::move(body));
    if (encoding) req.set(http::field::content_encoding, encoding);
    return api.Call(std::move(req));
  };
  std::string plain = Inventory(1, 900).SerializeAsString();
  auto ok = post(*common::ZstdCompress(plain, 9), "zstd");
  ASSERT_EQ(ok.result_int(), 200) << ok.body();
  auto host = api.Call(
      Request(http::verb::get, "/v1/hosts/" + agent_id_ + "/software", token_));
  EXPECT_NE(host.body().find("\"pkg899\""), std::string::npos);

  // 64 MiB of zeros behind a 2 KiB body: refused before it is inflated.
  std::string zeros(64u << 20, '\0');
  auto bomb = post(*common::ZstdCompress(zeros, 3), "zstd");
  EXPECT_EQ(bomb.result_int(), 413);
  EXPECT_EQ(ErrorBody(bomb)["error"], "too-large");
  auto unknown = post(plain, "br");
  EXPECT_EQ(unknown.result_int(), 415);
  auto corrupt = post("\x28\xb5\x2f\xfd garbage", "zstd");
  EXPECT_EQ(corrupt.result_int(), 400);
  auto big_plain = post(zeros.substr(0, (1u << 20) + 1), nullptr);
  EXPECT_EQ(big_plain.result_int(), 413);
}

TEST_F(ApiTest, ListsArePagedByCursorAndTimesAreRfc3339) {
  ApiHarness api(dir_.string(), nullptr,
                 [] { return std::int64_t{1796479200}; });  // 2026-12-05T14Z
  auto posted = api.Call(Request(http::verb::post, "/v1/snapshots", node_key_,
                                 Inventory(1, 25).SerializeAsString()));
  ASSERT_EQ(posted.result_int(), 200) << posted.body();

  // Follow the Link header page by page: every package once, in order.
  const std::string base = "/v1/hosts/" + agent_id_ + "/software";
  std::string target = base + "?limit=10";
  std::vector<std::string> names;
  int pages = 0;
  while (!target.empty() && pages < 10) {
    auto res = api.Call(Request(http::verb::get, target, token_));
    ASSERT_EQ(res.result_int(), 200) << target << " " << res.body();
    auto body = boost::json::parse(res.body()).as_object();
    for (const auto& p : body.at("software").as_array()) {
      names.emplace_back(p.as_object().at("name").as_string());
      EXPECT_EQ(p.as_object().at("first_seen"), "2026-12-05T14:00:00Z");
    }
    ++pages;
    std::string link(res[http::field::link]);
    if (link.empty()) {
      EXPECT_FALSE(body.contains("next_cursor"));
      break;
    }
    ASSERT_TRUE(link.starts_with("<" + base + "?limit=10&cursor=")) << link;
    ASSERT_TRUE(link.ends_with(">; rel=\"next\"")) << link;
    EXPECT_NE(link.find(std::string(body.at("next_cursor").as_string())),
              std::string::npos);
    target = link.substr(1, link.find('>') - 1);
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(names.size(), 25u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), 25u);

  // Arrays page the same way (the cursor in the Link header only).
  auto hosts = api.Call(
      Request(http::verb::get, "/v1/tenants/dental/hosts?limit=1", token_));
  EXPECT_EQ(hosts[http::field::link], "");  // one host: one page
  auto host = boost::json::parse(hosts.body()).as_array().at(0).as_object();
  EXPECT_EQ(host.at("last_seen"), "2026-12-05T14:00:00Z");
  EXPECT_TRUE(host.at("retired_at").is_null());

  // Times in: RFC 3339 (percent-encoded or not) or epoch seconds.
  for (const char* q : {"since=2026-12-01T00:00:00Z",
                        "since=2026-12-01T00%3A00%3A00Z", "since=1796083200"}) {
    auto changes = api.Call(
        Request(http::verb::get, std::string("/v1/tenants/dental/changes?") + q,
                token_));
    ASSERT_EQ(changes.result_int(), 200) << q << " " << changes.body();
    auto body = boost::json::parse(changes.body()).as_object();
    EXPECT_EQ(body.at("since"), "2026-12-01T00:00:00Z") << q;
  }

  for (const char* bad :
       {"?limit=0", "?limit=10001", "?limit=ten", "?cursor=zz", "?cursor="}) {
    auto res = api.Call(Request(http::verb::get, base + bad, token_));
    EXPECT_EQ(res.result_int(), 400) << bad;
    const std::string name =
        std::string(bad).substr(1, std::string(bad).find('=') - 1);
    EXPECT_TRUE(std::string(ErrorBody(res).at("detail").as_string())
                    .starts_with(name + ":"))
        << bad;
  }
}

}  // namespace
}  // namespace surveyor::service
