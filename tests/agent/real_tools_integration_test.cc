// The real surveyor-agent against real tools installed from Debian: restic and
// borg repositories created and backed up here, ClamAV with and without
// signature databases, ufw's shipped configuration.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "run_process.h"
#include "surveyor/v1/snapshot.pb.h"

namespace surveyor {
namespace {

namespace fs = std::filesystem;
using testing::ProcessResult;
using testing::RunProcess;

const std::string kAgent = SURVEYOR_AGENT_BIN;

std::int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class RealToolsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() /
           ("surveyor-tools-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "data");
    std::ofstream(dir_ / "data/ledger.csv") << "date,amount\n2026-01-01,10\n";
    std::ofstream(dir_ / "pass") << "correct horse\n";
    std::ofstream(dir_ / "wrong") << "battery staple\n";
    ::chmod((dir_ / "pass").c_str(), 0600);
    ::chmod((dir_ / "wrong").c_str(), 0600);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static bool Have(const char* tool) { return fs::exists(tool); }

  // Runs a tool with a few extra environment entries through /usr/bin/env.
  static ProcessResult Tool(std::vector<std::string> env,
                            std::vector<std::string> argv) {
    std::vector<std::string> full = {"/usr/bin/env"};
    full.insert(full.end(), env.begin(), env.end());
    full.insert(full.end(), argv.begin(), argv.end());
    return RunProcess(full);
  }

  static void Restic(const std::string& repo, const std::string& backup_time) {
    std::vector<std::string> env = {
        "RESTIC_PASSWORD_FILE=" + (dir_ / "pass").string(),
        "RESTIC_CACHE_DIR=" + (dir_ / "cache").string()};
    if (!fs::exists(repo)) {
      ASSERT_EQ(Tool(env, {"/usr/bin/restic", "-r", repo, "init"}).exit_code,
                0);
    }
    std::vector<std::string> backup = {"/usr/bin/restic", "-r", repo, "backup",
                                       (dir_ / "data").string()};
    if (!backup_time.empty()) {
      backup.push_back("--time");
      backup.push_back(backup_time);
    }
    ProcessResult r = Tool(env, backup);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  static void Borg(const std::string& repo, const std::string& encryption,
                   const std::string& archive, const std::string& timestamp) {
    std::vector<std::string> env = {
        "BORG_PASSPHRASE=correct horse",
        "BORG_BASE_DIR=" + (dir_ / "borgbase").string()};
    if (!fs::exists(repo)) {
      ProcessResult r =
          Tool(env, {"/usr/bin/borg", "init", "-e", encryption, repo});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    std::vector<std::string> create = {"/usr/bin/borg", "create"};
    if (!timestamp.empty()) {
      create.push_back("--timestamp");
      create.push_back(timestamp);
    }
    create.push_back(repo + "::" + archive);
    create.push_back((dir_ / "data").string());
    ProcessResult r = Tool(env, create);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  v1::Snapshot Collect(const std::string& config, int expected_exit,
                       const std::string& only) {
    fs::path conf = dir_ / "agent.textproto";
    std::ofstream(conf) << config;
    ProcessResult r = RunProcess({kAgent, "collect", "--only", only, "--config",
                                  conf.string(), "--format", "proto"});
    EXPECT_EQ(r.exit_code, expected_exit) << r.err;
    v1::Snapshot snap;
    EXPECT_TRUE(snap.ParseFromString(r.out));
    return snap;
  }

  static const v1::BackupJob* Job(const v1::Snapshot& s, std::string_view id) {
    for (const auto& j : s.sections(0).backup().jobs()) {
      if (j.job_id() == id) return &j;
    }
    return nullptr;
  }

  static inline fs::path dir_;
};

TEST_F(RealToolsTest, ResticRepositoriesCurrentStaleAndBroken) {
  if (!Have("/usr/bin/restic")) GTEST_FAIL() << "restic not installed";
  std::string fresh = (dir_ / "restic-fresh").string();
  std::string old = (dir_ / "restic-old").string();
  Restic(fresh, "");
  Restic(fresh, "");
  Restic(old, "2020-01-01 00:00:00");
  std::string pass = (dir_ / "pass").string();
  std::string config =
      "backup {\n"
      "  restic { name: \"fresh\" repository: \"" +
      fresh + "\" password_file: \"" + pass +
      "\" }\n"
      "  restic { name: \"old\" repository: \"" +
      old + "\" password_file: \"" + pass +
      "\" }\n"
      "  restic { name: \"wrongpw\" repository: \"" +
      fresh + "\" password_file: \"" + (dir_ / "wrong").string() +
      "\" }\n"
      "  restic { name: \"missing\" repository: \"" +
      (dir_ / "nope").string() + "\" password_file: \"" + pass +
      "\" }\n"
      "}\n";
  std::int64_t before = Now();
  v1::Snapshot s = Collect(config, 1, "backup");
  const auto* f = Job(s, "fresh");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->restore_points(), 2u);
  EXPECT_GE(f->last_success().seconds(), before - 600);
  EXPECT_LE(f->last_success().seconds(), Now() + 5);
  EXPECT_EQ(f->status(), v1::BACKUP_STATUS_CURRENT);
  EXPECT_EQ(f->encrypted(), v1::TRI_STATE_YES);
  EXPECT_EQ(f->target_kind(), v1::BACKUP_TARGET_KIND_LOCAL);

  const auto* o = Job(s, "old");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->restore_points(), 1u);
  EXPECT_EQ(o->status(), v1::BACKUP_STATUS_STALE);
  EXPECT_LT(o->last_success().seconds(), 1577923200);  // before 2020-01-02

  const auto* w = Job(s, "wrongpw");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->status(), v1::BACKUP_STATUS_UNKNOWN);
  EXPECT_NE(w->error().find("password"), std::string::npos) << w->error();

  // No repository there: never succeeded (not "unknown"), and whether it
  // would be encrypted is not known.
  const auto* m = Job(s, "missing");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->status(), v1::BACKUP_STATUS_NEVER_SUCCEEDED);
  EXPECT_EQ(m->encrypted(), v1::TRI_STATE_UNKNOWN);
  EXPECT_FALSE(m->error().empty());
  EXPECT_EQ(s.sections(0).errors_size(), 2);
  // The password never appears in what the agent reports.
  EXPECT_EQ(s.DebugString().find("correct horse"), std::string::npos);
}

TEST_F(RealToolsTest, BorgRepositoriesEncryptedUnencryptedStale) {
  if (!Have("/usr/bin/borg")) GTEST_FAIL() << "borg not installed";
  std::string enc = (dir_ / "borg-enc").string();
  std::string plain = (dir_ / "borg-plain").string();
  Borg(enc, "repokey", "monday", "");
  Borg(enc, "repokey", "tuesday", "");
  Borg(plain, "none", "ancient", "2020-01-01T00:00:00");
  std::string config =
      "backup {\n"
      "  borg { name: \"enc\" repository: \"" +
      enc + "\" passphrase_file: \"" + (dir_ / "pass").string() +
      "\" }\n"
      "  borg { name: \"plain\" repository: \"" +
      plain +
      "\" }\n"
      "  borg { name: \"nopass\" repository: \"" +
      enc +
      "\" }\n"
      "}\n";
  std::int64_t before = Now();
  v1::Snapshot s = Collect(config, 1, "backup");
  const auto* e = Job(s, "enc");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->restore_points(), 2u);
  EXPECT_EQ(e->encrypted(), v1::TRI_STATE_YES);
  EXPECT_GE(e->last_success().seconds(), before - 600);
  EXPECT_EQ(e->status(), v1::BACKUP_STATUS_CURRENT);
  EXPECT_GT(e->size_bytes(), 0u);

  const auto* p = Job(s, "plain");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->encrypted(), v1::TRI_STATE_NO);
  EXPECT_EQ(p->status(), v1::BACKUP_STATUS_STALE);

  const auto* n = Job(s, "nopass");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->status(), v1::BACKUP_STATUS_UNKNOWN);
  EXPECT_FALSE(n->error().empty());
  EXPECT_EQ(s.sections(0).errors_size(), 1);
}

TEST_F(RealToolsTest, ClamAvInstalledFromDebian) {
  if (!Have("/usr/bin/clamscan")) GTEST_FAIL() << "clamav not installed";
  ProcessResult r = RunProcess(
      {kAgent, "collect", "--only", "protection", "--format", "proto"});
  v1::Snapshot s;
  ASSERT_TRUE(s.ParseFromString(r.out)) << r.err;
  const v1::ProtectionProduct* clam = nullptr;
  for (const auto& p : s.sections(0).protection().products()) {
    if (p.product() == "ClamAV") clam = &p;
  }
  ASSERT_NE(clam, nullptr);
  EXPECT_FALSE(clam->version().empty());  // From the real clamscan --version.
  bool has_db = false;
  for (const char* db : {"daily.cvd", "daily.cld", "main.cvd", "main.cld"}) {
    has_db |= fs::exists(fs::path("/var/lib/clamav") / db);
  }
  if (has_db) {
    EXPECT_FALSE(clam->signature_version().empty());
  } else {
    ASSERT_GE(clam->issues_size(), 1);
    EXPECT_EQ(clam->issues(0), "no signature databases in /var/lib/clamav");
  }
}

TEST_F(RealToolsTest, ClamAvSignatureDatabaseInARoot) {
  if (!Have("/usr/bin/clamscan")) GTEST_FAIL() << "clamav not installed";
  fs::path root = dir_ / "clamroot";
  fs::create_directories(root / "usr/bin");
  fs::create_directories(root / "var/lib/clamav");
  fs::copy_file("/usr/bin/clamscan", root / "usr/bin/clamscan",
                fs::copy_options::overwrite_existing);
  // A daily.cvd in ClamAV's format: a 512-byte space-padded header, then the
  // signed tar.gz body (irrelevant to the header reader).
  std::string header =
      "ClamAV-VDB:22 Nov 2026 04-12 -0500:27468:2071002:90:"
      "6c0e3bd1c2f5a0b7c9d8e7f6a5b4c3d2:XsignatureX:raynman:1795770720";
  header.resize(512, ' ');
  std::ofstream(root / "var/lib/clamav/daily.cvd", std::ios::binary)
      << header << std::string(1024, '\x1f');
  ProcessResult r = RunProcess({kAgent, "collect", "--root", root.string(),
                                "--only", "protection", "--format", "proto"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  v1::Snapshot s;
  ASSERT_TRUE(s.ParseFromString(r.out));
  ASSERT_EQ(s.sections(0).protection().products_size(), 1);
  const auto& clam = s.sections(0).protection().products(0);
  EXPECT_EQ(clam.signature_version(), "27468");
  EXPECT_EQ(clam.signature_time().seconds(), 1795770720);
  EXPECT_EQ(clam.issues_size(), 0);
  // Truncate the database: a clear error naming the file, nothing else lost.
  std::ofstream(root / "var/lib/clamav/daily.cvd", std::ios::binary)
      << header.substr(0, 100);
  r = RunProcess(
      {kAgent, "collect", "--root", root.string(), "--only", "protection"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("/var/lib/clamav/daily.cvd"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Cisco Talos ClamAV"), std::string::npos) << r.out;
}

TEST_F(RealToolsTest, UfwShippedConfiguration) {
  if (!Have("/etc/ufw/ufw.conf")) GTEST_FAIL() << "ufw not installed";
  if (Have("/usr/sbin/nft") || Have("/usr/bin/firewall-cmd")) {
    GTEST_SKIP() << "another firewall front end decides";
  }
  std::ifstream in("/etc/ufw/ufw.conf");
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  bool enabled = text.find("\nENABLED=yes") != std::string::npos;
  ProcessResult r = RunProcess(
      {kAgent, "collect", "--only", "protection", "--format", "proto"});
  v1::Snapshot s;
  ASSERT_TRUE(s.ParseFromString(r.out));
  const auto& fw = s.sections(0).protection().firewall();
  EXPECT_EQ(fw.mechanism(), "ufw");
  EXPECT_EQ(fw.enabled(), enabled ? v1::TRI_STATE_YES : v1::TRI_STATE_NO);
}

TEST_F(RealToolsTest, MalformedConfigRefusesWithLineAndColumn) {
  fs::path conf = dir_ / "bad.textproto";
  std::ofstream(conf) << "backup {\n  restic { repo: \"/x\" }\n}\n";
  ProcessResult r = RunProcess({kAgent, "collect", "--config", conf.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(conf.string() + ":2:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("repo"), std::string::npos) << r.err;
  std::ofstream(conf) << "backup { restic { repository: \"/x\" } }\n";
  r = RunProcess({kAgent, "collect", "--config", conf.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("password_file is required"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace surveyor
