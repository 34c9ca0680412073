// The fixture of the end-to-end tests with real processes: a real
// surveyor-server (SQLite store, TLS on loopback) per test in a temporary
// directory, agents with their own fixture root and state, the admin CLI,
// the API through curl and a look into the database.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/sqlite.h"
#include "surveyor/v1/snapshot.pb.h"
#include "tests/agent/run_process.h"

namespace surveyor {

namespace fs = std::filesystem;
using testing::LastWord;
using testing::ProcessResult;
using testing::RunProcess;
using testing::Slurp;

const std::string kAgent = SURVEYOR_AGENT_BIN;
const std::string kServer = SURVEYOR_SERVER_BIN;
const std::string kFixtures = SURVEYOR_FIXTURES;
const std::string kSource = SURVEYOR_SOURCE_DIR;

class ServerAgentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("surveyor-e2e-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ProcessResult cert =
        RunProcess({"/bin/bash", kSource + "/install/make-cert.sh",
                    (dir_ / "tls").string()});
    ASSERT_EQ(cert.exit_code, 0) << cert.err;
    StartServer(0);
  }
  void TearDown() override {
    StopServer(SIGTERM);
    fs::remove_all(dir_);
  }

  std::vector<std::string> Admin(std::vector<std::string> args) {
    std::vector<std::string> argv = {kServer};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("--data-dir");
    argv.push_back((dir_ / "data").string());
    ProcessResult r = RunProcess(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return {r.out, r.err};
  }

  // `extra` options go after the fixture's; with `open_files` the server
  // runs under that `ulimit -n` (soft and hard).
  void StartServer(int port, const std::vector<std::string>& extra = {},
                   int open_files = 0) {
    fs::remove(dir_ / "port");
    std::vector<std::string> argv = {kServer,
                                     "serve",
                                     "--data-dir",
                                     (dir_ / "data").string(),
                                     "--cert",
                                     (dir_ / "tls/server.crt").string(),
                                     "--key",
                                     (dir_ / "tls/server.key").string(),
                                     "--listen",
                                     "127.0.0.1:" + std::to_string(port),
                                     "--port-file",
                                     (dir_ / "port").string(),
                                     "--metrics-listen",
                                     "127.0.0.1:0",
                                     "--metrics-port-file",
                                     (dir_ / "metrics-port").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    if (open_files > 0) {
      argv.insert(argv.begin(), {"/bin/sh", "-c",
                                 "ulimit -n " + std::to_string(open_files) +
                                     " && exec \"$0\" \"$@\""});
    }
    // A port file from an earlier start must not be read as this one's,
    // and the file counts only once its line is whole (the server writes
    // it in place; on a loaded machine the test can read it half-written).
    fs::remove(dir_ / "port");
    server_pid_ =
        testing::SpawnBackground(argv, (dir_ / "server.log").string());
    ASSERT_GT(server_pid_, 0);
    std::string line;
    for (int i = 0; i < 500 && !line.ends_with('\n'); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      line = Slurp(dir_ / "port");
    }
    ASSERT_TRUE(line.ends_with('\n')) << Slurp(dir_ / "server.log");
    port_ = std::stoi(line);
  }

  void StopServer(int signal) {
    testing::StopProcess(server_pid_, signal);
    server_pid_ = -1;
  }

  // An agent with its own fixture root (own machine id) and state.
  fs::path MakeAgent(const std::string& name, const std::string& secret) {
    fs::path home = dir_ / ("agent-" + name);
    fs::create_directories(home);
    fs::copy(kFixtures + "/roots/debian-desktop", home / "root",
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    std::ofstream(home / "root/etc/machine-id") << "machine-" << name << "\n";
    std::ofstream(home / "root/etc/hostname") << name << "\n";
    std::ofstream(home / "secret") << secret << "\n";
    fs::permissions(home / "secret", fs::perms(0600));
    WriteAgentConfig(home);
    return home;
  }

  void WriteAgentConfig(const fs::path& home) {
    std::ofstream(home / "agent.textproto")
        << "server { url: \"https://localhost:" << port_ << "\" ca_file: \""
        << (dir_ / "tls/server.crt").string() << "\" enroll_secret_file: \""
        << (home / "secret").string()
        << "\" connect_timeout_seconds: 2 request_timeout_seconds: 10 }\n"
        << "state_dir: \"" << (home / "state").string() << "\"\n"
        << "root: \"" << (home / "root").string() << "\"\n";
  }

  ProcessResult RunOnce(const fs::path& home) {
    return RunProcess({kAgent, "run", "--once", "--config",
                       (home / "agent.textproto").string()});
  }

  // The metrics listener's answer to `path` (plain HTTP on loopback).
  std::string GetMetrics(const std::string& path, int* status) {
    const int port = std::stoi(Slurp(dir_ / "metrics-port"));
    ProcessResult r =
        RunProcess({"/usr/bin/curl", "-s", "-w", "\n%{http_code}",
                    "http://127.0.0.1:" + std::to_string(port) + path});
    auto nl = r.out.rfind('\n');
    *status = std::stoi(r.out.substr(nl + 1));
    return r.out.substr(0, nl);
  }

  std::string Get(const std::string& path, const std::string& token,
                  int* status = nullptr) {
    ProcessResult r =
        RunProcess({"/usr/bin/curl", "-s", "-w", "\n%{http_code}", "--cacert",
                    (dir_ / "tls/server.crt").string(), "-H",
                    "Authorization: Bearer " + token,
                    "https://localhost:" + std::to_string(port_) + path});
    auto nl = r.out.rfind('\n');
    if (status) *status = std::stoi(r.out.substr(nl + 1));
    return r.out.substr(0, nl);
  }

  int Post(const std::string& path, const fs::path& body_file,
           const std::string& token, const std::string& header = "") {
    std::vector<std::string> argv = {"/usr/bin/curl",
                                     "-s",
                                     "-o",
                                     "/dev/null",
                                     "-w",
                                     "%{http_code}",
                                     "--cacert",
                                     (dir_ / "tls/server.crt").string(),
                                     "-X",
                                     "POST",
                                     "-H",
                                     "Content-Type: application/x-protobuf",
                                     "--data-binary",
                                     "@" + body_file.string()};
    if (!token.empty()) {
      argv.push_back("-H");
      argv.push_back("Authorization: Bearer " + token);
    }
    if (!header.empty()) {
      argv.push_back("-H");
      argv.push_back(header);
    }
    argv.push_back("https://localhost:" + std::to_string(port_) + path);
    return std::stoi(RunProcess(argv).out);
  }

  // POSTs a file; returns the status and puts the answer's body in `body`.
  int PostForBody(const std::string& path, const fs::path& body_file,
                  const std::string& token, std::string* body) {
    const fs::path out = dir_ / "answer";
    ProcessResult r = RunProcess(
        {"/usr/bin/curl", "-s", "-o", out.string(), "-w", "%{http_code}",
         "--cacert", (dir_ / "tls/server.crt").string(), "-X", "POST", "-H",
         "Content-Type: application/x-protobuf", "-H",
         "Authorization: Bearer " + token, "--data-binary",
         "@" + body_file.string(),
         "https://localhost:" + std::to_string(port_) + path});
    *body = Slurp(out);
    return std::stoi(r.out);
  }

  // Sends `raw` bytes over TLS (openssl s_client) and returns what came
  // back, for requests curl would not send.
  ProcessResult RawTls(const std::string& raw,
                       const std::string& extra_options = "") {
    fs::path in = dir_ / "raw-request";
    std::ofstream(in, std::ios::binary) << raw;
    return RunProcess(
        {"/bin/bash", "-c",
         "timeout 10 openssl s_client -quiet -ign_eof -connect 127.0.0.1:" +
             std::to_string(port_) + " -servername localhost " + extra_options +
             " <" + in.string() + " 2>&1"});
  }

  std::string NodeKey(const fs::path& home) {
    std::string key = Slurp(home / "state/node_key");
    key = key.substr(key.find('\n') + 1);
    if (!key.empty() && key.back() == '\n') key.pop_back();
    return key;
  }

  common::Database Db() {
    auto db = common::Database::Open((dir_ / "data/surveyor.db").string(),
                                     common::Database::Mode::kReadWrite);
    EXPECT_TRUE(db);
    (void)db->ExecScript("PRAGMA busy_timeout = 5000");
    return std::move(*db);
  }

  std::int64_t Scalar(const std::string& sql) {
    auto db = Db();
    auto s = db.Prepare(sql);
    EXPECT_TRUE(s) << sql;
    auto row = s->Step();
    EXPECT_TRUE(row && *row) << sql;
    return s->ColumnInt(0);
  }

  std::string AgentId(const fs::path& home) {
    std::string text = Slurp(home / "state/node_key");
    return text.substr(0, text.find('\n'));
  }

  fs::path dir_;
  int server_pid_ = -1;
  int port_ = 0;
};

}  // namespace surveyor
