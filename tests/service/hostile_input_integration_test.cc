// Hostile input against the real server over TLS on loopback: malformed
// snapshots that parse as protobuf but must not be stored, and HTTP and TLS
// that a strict server refuses, a data directory others could read, and
// SIGHUP.
// Each case once was accepted.
#include <gtest/gtest.h>

#include "tests/service/server_agent_fixture.h"

namespace surveyor {
namespace {

v1::Snapshot Base(std::uint64_t seq) {
  v1::Snapshot s;
  s.set_sequence(seq);
  s.mutable_host()->set_machine_id("machine-a");
  return s;
}

TEST_F(ServerAgentTest, MalformedSnapshotsAreRefusedNamingTheField) {
  std::string secret = LastWord(Admin({"tenant", "add", "t"})[0]);
  fs::path a = MakeAgent("a", secret);
  ASSERT_EQ(RunOnce(a).exit_code, 0);
  const std::string key = NodeKey(a);
  const std::int64_t sections = Scalar("SELECT COUNT(*) FROM sections");

  struct Case {
    const char* name;
    v1::Snapshot snapshot;
    const char* field;
  };
  std::vector<Case> cases;
  cases.push_back({"sequence above 2^63", Base(0x8000000000000001ull),
                   "sequence: 9223372036854775809 is not in 1..2^63-1"});
  {
    v1::Snapshot s = Base(10);
    for (int i = 0; i < 2; ++i) {
      auto* sec = s.add_sections();
      sec->set_collector("software");
      sec->mutable_software();
    }
    cases.push_back({"duplicate sections", s,
                     "sections[1].collector 'software' appears twice"});
  }
  {
    v1::Snapshot s = Base(11);
    auto* sec = s.add_sections();
    sec->set_collector("protection");
    sec->mutable_software()->add_packages()->set_name("smuggled");
    cases.push_back({"software payload as protection", s,
                     "'protection' carries a software payload"});
  }
  {
    v1::Snapshot s = Base(12);
    for (int i = 0; i < 20000; ++i) {
      s.add_sections()->set_collector("c" + std::to_string(i));
    }
    cases.push_back(
        {"20,000 collector names", s, "sections: 20000 sections, at most 32"});
  }
  {
    v1::Snapshot s = Base(13);
    auto* sec = s.add_sections();
    sec->set_collector("protection");
    auto* p = sec->mutable_protection()->add_products();
    p->set_product("clamav");
    p->mutable_signature_time()->set_seconds(INT64_MIN);
    cases.push_back(
        {"signature time -2^63", s, "signature_time: time out of range"});
  }
  for (const auto& c : cases) {
    fs::path body = dir_ / "snapshot.pb";
    std::ofstream(body, std::ios::binary) << c.snapshot.SerializeAsString();
    std::string answer;
    EXPECT_EQ(PostForBody("/v1/snapshots", body, key, &answer), 400) << c.name;
    EXPECT_NE(answer.find(c.field), std::string::npos)
        << c.name << ": " << answer;
  }
  // Nothing of them was stored, and the agent carries on.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM snapshots"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM sections"), sections);
  EXPECT_EQ(Scalar("SELECT MAX(sequence) FROM snapshots"), 1);
  EXPECT_EQ(RunOnce(a).exit_code, 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM snapshots"), 2);
}

TEST_F(ServerAgentTest, StrictHttpAndTls) {
  // A body announced with a transfer coding the server does not decode
  // would otherwise leave its bytes to be read as a second request.
  ProcessResult smuggle = RawTls(
      "POST /v1/enroll HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: "
      "gzip\r\nContent-Type: application/x-protobuf\r\n\r\n"
      "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_NE(smuggle.out.find("HTTP/1.1 400"), std::string::npos) << smuggle.out;
  EXPECT_NE(smuggle.out.find("Transfer-Encoding other than chunked"),
            std::string::npos);
  EXPECT_EQ(smuggle.out.find("HTTP/1.1 200"), std::string::npos)
      << "the smuggled request was answered: " << smuggle.out;

  ProcessResult no_host = RawTls("GET /healthz HTTP/1.1\r\n\r\n");
  EXPECT_NE(no_host.out.find("HTTP/1.1 400"), std::string::npos) << no_host.out;
  EXPECT_NE(no_host.out.find("without a Host header"), std::string::npos);

  ProcessResult method =
      RawTls("BREW /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_NE(method.out.find("HTTP/1.1 501"), std::string::npos) << method.out;

  ProcessResult headers = RawTls(
      "GET /healthz HTTP/1.1\r\nHost: localhost\r\n"
      "X-Padding: " +
      std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_NE(headers.out.find("HTTP/1.1 431"), std::string::npos)
      << headers.out.substr(0, 300);

  // HTTP/1.0 needs no Host; the server still answers it.
  ProcessResult old = RawTls("GET /healthz HTTP/1.0\r\n\r\n");
  EXPECT_NE(old.out.find("HTTP/1.0 200"), std::string::npos) << old.out;

  // TLS 1.2 with CBC/SHA-1 suites only: no handshake. With the defaults: ok.
  ProcessResult cbc = RawTls(
      "GET /healthz HTTP/1.0\r\n\r\n",
      "-tls1_2 -cipher ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA:AES128-SHA");
  EXPECT_EQ(cbc.out.find("HTTP/1.0 200"), std::string::npos) << cbc.out;
  ProcessResult gcm = RawTls("GET /healthz HTTP/1.0\r\n\r\n", "-tls1_2");
  EXPECT_NE(gcm.out.find("HTTP/1.0 200"), std::string::npos) << gcm.out;

  // And the server keeps serving.
  int status = 0;
  EXPECT_EQ(Get("/healthz", "", &status), "ok\n");
  EXPECT_EQ(status, 200);
}

// Every tenant's inventory and credential hashes are in the data
// directory: owner only, and a looser one left by an older version or a
// umask is tightened at start.
TEST_F(ServerAgentTest, DataDirectoryIsOwnerOnly) {
  std::string secret = LastWord(Admin({"tenant", "add", "t"})[0]);
  ASSERT_EQ(RunOnce(MakeAgent("a", secret)).exit_code, 0);
  auto mode = [](const fs::path& p) {
    return static_cast<unsigned>(fs::status(p).permissions() & fs::perms::mask);
  };
  EXPECT_EQ(mode(dir_ / "data"), 0700u);
  EXPECT_EQ(mode(dir_ / "data/surveyor.db"), 0600u);
  EXPECT_EQ(mode(dir_ / "data/surveyor.db-wal"), 0600u);
  StopServer(SIGTERM);
  fs::permissions(dir_ / "data", fs::perms(0755));
  fs::permissions(dir_ / "data/surveyor.db", fs::perms(0644));
  StartServer(0);
  EXPECT_EQ(mode(dir_ / "data"), 0700u);
  EXPECT_EQ(mode(dir_ / "data/surveyor.db"), 0600u);
  EXPECT_NE(Slurp(dir_ / "server.log").find("was mode 644; now 600"),
            std::string::npos)
      << Slurp(dir_ / "server.log");
}

// SIGHUP once killed the server (exit 129, no log line). Now it reloads the
// TLS certificate for new connections, and a broken one keeps the old.
TEST_F(ServerAgentTest, SighupReloadsTheCertificateAndSurvivesABadOne) {
  auto subject = [&] {
    ProcessResult r = RawTls("GET /healthz HTTP/1.0\r\n\r\n");
    return r.out;
  };
  ASSERT_NE(subject().find("HTTP/1.0 200"), std::string::npos);
  ProcessResult renewed =
      RunProcess({"/bin/bash", kSource + "/install/make-cert.sh", "--force",
                  (dir_ / "tls").string(), "renewed.example"});
  ASSERT_EQ(renewed.exit_code, 0) << renewed.err;
  ASSERT_EQ(::kill(server_pid_, SIGHUP), 0);
  std::string log;
  for (int i = 0; i < 100; ++i) {
    log = Slurp(dir_ / "server.log");
    if (log.find("SIGHUP: reloaded") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_NE(log.find("SIGHUP: reloaded the TLS certificate"), std::string::npos)
      << log;
  ProcessResult cert =
      RunProcess({"/bin/bash", "-c",
                  "echo | timeout 10 openssl s_client -connect 127.0.0.1:" +
                      std::to_string(port_) +
                      " 2>/dev/null | openssl x509 -noout "
                      "-subject"});
  EXPECT_NE(cert.out.find("renewed.example"), std::string::npos) << cert.out;

  std::ofstream(dir_ / "tls/server.key", std::ios::trunc) << "not a key\n";
  ASSERT_EQ(::kill(server_pid_, SIGHUP), 0);
  for (int i = 0; i < 100; ++i) {
    log = Slurp(dir_ / "server.log");
    if (log.find("keeping the running configuration") != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_NE(log.find("SIGHUP: keeping the running configuration"),
            std::string::npos)
      << log;
  int status = 0;
  EXPECT_EQ(Get("/healthz", "", &status), "ok\n");
  EXPECT_EQ(status, 200);
}

TEST_F(ServerAgentTest, SighupReloadsConfigurationAndCatalog) {
  const fs::path catalog = dir_ / "catalog.textproto";
  const fs::path config = dir_ / "server.textproto";
  fs::copy_file(kSource + "/service/catalog/catalog.textproto", catalog);
  std::ofstream(config) << "catalog_file: \"" << catalog.string() << "\"\n";
  StopServer(SIGTERM);
  StartServer(0, {"--config", config.string()});
  std::string secret = LastWord(Admin({"tenant", "add", "t"})[0]);
  const std::string admin = LastWord(Admin({"token", "add", "--admin"})[0]);
  ASSERT_EQ(RunOnce(MakeAgent("a", secret)).exit_code, 0);
  EXPECT_EQ(Get("/v1/tenants/t/products", admin).find("\"test-editor\""),
            std::string::npos);
  auto wait_for = [&](const std::string& line) {
    std::string log;
    for (int i = 0; i < 250; ++i) {
      log = Slurp(dir_ / "server.log");
      if (log.find(line) != std::string::npos) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return log;
  };

  // A new catalog entry for a package the host has: matched after SIGHUP.
  std::ofstream(catalog, std::ios::app)
      << "products { id: \"test-editor\" name: \"Test Editor\" vendor: "
         "\"Test\" category: \"password-manager\" deb: \"htop\" }\n";
  std::ofstream(config, std::ios::app) << "findings_sweep_seconds: 60\n";
  ASSERT_EQ(::kill(server_pid_, SIGHUP), 0);
  std::string log = wait_for("re-matched and re-evaluated");
  EXPECT_NE(log.find("SIGHUP: catalog reloaded"), std::string::npos) << log;
  EXPECT_NE(log.find("catalog changed: re-matched and re-evaluated 1 hosts"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("other settings in " + config.string() +
                     " changed; they take effect at the next restart"),
            std::string::npos)
      << log;
  const std::string products = Get("/v1/tenants/t/products", admin);
  EXPECT_NE(products.find("\"test-editor\""), std::string::npos) << products;

  // A catalog that does not load keeps the running one, and the server.
  std::ofstream(catalog, std::ios::app) << "products { id: \n";
  ASSERT_EQ(::kill(server_pid_, SIGHUP), 0);
  log = wait_for("keeping the running configuration");
  EXPECT_NE(log.find("SIGHUP: keeping the running configuration: " +
                     catalog.string()),
            std::string::npos)
      << log;
  int status = 0;
  EXPECT_NE(Get("/v1/tenants/t/products", admin, &status).find("test-editor"),
            std::string::npos);
  EXPECT_EQ(status, 200);
  // So does a configuration file that does not parse.
  std::ofstream(config, std::ios::trunc) << "no_such_field: 1\n";
  ASSERT_EQ(::kill(server_pid_, SIGHUP), 0);
  log = wait_for("no_such_field");
  EXPECT_NE(log.find("SIGHUP: keeping the running configuration"),
            std::string::npos)
      << log;
  EXPECT_EQ(Get("/healthz", "", &status), "ok\n");
}

// Invalid UTF-8 in an unauthenticated enrollment made libprotobuf log a
// line per request (20,000 requests: +4.5 MB of log in 2 s).
TEST_F(ServerAgentTest, InvalidUtf8FloodDoesNotFloodTheLog) {
  // EnrollRequest{host: {machine_id: "\xff\xfe"}}, by hand: field 2
  // (host, length-delimited) holding field 1 (machine_id) of 2 bytes.
  fs::path body = dir_ / "bad-utf8.pb";
  std::ofstream(body, std::ios::binary)
      << std::string("\x12\x04\x0a\x02\xff\xfe", 6);
  const auto before = fs::file_size(dir_ / "server.log");
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(Post("/v1/enroll", body, ""), 400);
  }
  const auto after = fs::file_size(dir_ / "server.log");
  std::string log = Slurp(dir_ / "server.log");
  EXPECT_EQ(log.find("invalid UTF-8"), std::string::npos) << log;
  // One refusal line (and perhaps one summary), not fifty.
  EXPECT_LT(after - before, 1000u) << log;
  int status = 0;
  EXPECT_EQ(Get("/healthz", "", &status), "ok\n");
}

TEST_F(ServerAgentTest, SnapshotsBeyondTheHostRateGet429AndStayQueued) {
  StopServer(SIGTERM);
  StartServer(0, {"--snapshots-per-host-per-hour", "4"});  // bursts of 1
  std::string secret = LastWord(Admin({"tenant", "add", "t"})[0]);
  fs::path a = MakeAgent("a", secret);
  ASSERT_EQ(RunOnce(a).exit_code, 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM snapshots"), 1);

  // Back to back from the same node key: 429 with when to come back.
  fs::path body = dir_ / "snapshot.pb";
  std::ofstream(body, std::ios::binary) << Base(2).SerializeAsString();
  ProcessResult posted = RunProcess(
      {"/usr/bin/curl", "-s", "-D", "-", "-o", (dir_ / "answer").string(),
       "--cacert", (dir_ / "tls/server.crt").string(), "-X", "POST", "-H",
       "Authorization: Bearer " + NodeKey(a), "--data-binary",
       "@" + body.string(),
       "https://localhost:" + std::to_string(port_) + "/v1/snapshots"});
  EXPECT_NE(posted.out.find("HTTP/1.1 429"), std::string::npos) << posted.out;
  EXPECT_NE(posted.out.find("Retry-After: 900"), std::string::npos)
      << posted.out;
  EXPECT_NE(Slurp(dir_ / "answer").find("\"rate-limited\""), std::string::npos);

  // The agent's next snapshot is refused the same way and stays queued;
  // another host is not affected.
  ProcessResult throttled = RunOnce(a);
  EXPECT_NE(throttled.err.find("rate-limits this host"), std::string::npos)
      << throttled.err;
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM snapshots"), 1);
  EXPECT_EQ(RunOnce(MakeAgent("b", secret)).exit_code, 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM snapshots"), 2);

  // Without the limit the queued snapshot arrives: nothing was lost.
  StopServer(SIGTERM);
  StartServer(port_, {"--snapshots-per-host-per-hour", "0"});
  EXPECT_EQ(RunOnce(a).exit_code, 0);
  EXPECT_EQ(Scalar("SELECT MAX(sequence) FROM snapshots"), 3);
  EXPECT_NE(Slurp(dir_ / "server.log").find("snapshot rate limit: agent "),
            std::string::npos);
}

}  // namespace
}  // namespace surveyor
