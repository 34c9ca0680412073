// Runs the real surveyor-agent binary on fixture roots and compares what it
// reports with what the systems' own tools report for the same roots.
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/sqlite.h"
#include "run_process.h"
#include "surveyor/v1/snapshot.pb.h"

namespace surveyor {
namespace {

namespace fs = std::filesystem;
using testing::ProcessResult;
using testing::RunProcess;

const std::string kAgent = SURVEYOR_AGENT_BIN;
const std::string kFixtures = SURVEYOR_FIXTURES;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::set<std::string> Lines(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.insert(line);
  }
  return out;
}

class CollectIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    work_ = fs::temp_directory_path() /
            ("surveyor-it-" + std::to_string(::getpid()));
    fs::remove_all(work_);
    fs::create_directories(work_);
    // An rpm database written by the real rpm tool, once for the suite.
    ProcessResult r = RunProcess({"/bin/bash", kFixtures + "/make_rpm_root.sh",
                                  (work_ / "rpm").string()});
    rpm_ready_ = r.exit_code == 0;
    rpm_error_ = r.err;
  }
  static void TearDownTestSuite() { fs::remove_all(work_); }

  // A private copy of a fixture root, so a test may damage it.
  fs::path CopyRoot(const std::string& name) {
    fs::path dst =
        work_ /
        (name + "-" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dst);
    fs::copy(kFixtures + "/roots/" + name, dst,
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    return dst;
  }

  fs::path RpmRoot() {
    fs::path dst =
        work_ /
        ("rpmroot-" +
         std::string(
             ::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dst);
    fs::copy(work_ / "rpm/root", dst, fs::copy_options::recursive);
    return dst;
  }

  // Runs `collect --format proto` and parses the snapshot.
  v1::Snapshot Collect(const fs::path& root, int expected_exit,
                       std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {kAgent,        "collect",  "--root",
                                     root.string(), "--format", "proto"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    ProcessResult r = RunProcess(argv);
    EXPECT_EQ(r.exit_code, expected_exit) << r.err;
    v1::Snapshot snap;
    EXPECT_TRUE(snap.ParseFromString(r.out));
    return snap;
  }

  static const v1::Section* Find(const v1::Snapshot& s, std::string_view name) {
    for (const auto& sec : s.sections()) {
      if (sec.collector() == name) return &sec;
    }
    return nullptr;
  }

  static std::set<std::string> Installed(const v1::Snapshot& s,
                                         v1::PackageSource source) {
    std::set<std::string> out;
    for (const auto& p : Find(s, "software")->software().packages()) {
      if (p.source() == source && p.installed()) {
        out.insert(p.name() + "\t" + p.version() + "\t" + p.architecture());
      }
    }
    return out;
  }

  static std::string AllErrors(const v1::Snapshot& s) {
    std::string out;
    for (const auto& sec : s.sections()) {
      for (const auto& e : sec.errors()) {
        out += e.source() + ":" + std::to_string(e.line()) + "@" +
               std::to_string(e.offset()) + ": " + e.reason() + "\n";
      }
    }
    return out;
  }

  static std::set<std::string> DpkgQueryInstalled(const fs::path& admindir) {
    ProcessResult r = RunProcess(
        {"/usr/bin/dpkg-query", "--admindir=" + admindir.string(), "-W", "-f",
         "${db:Status-Abbrev}\t${Package}\t${Version}\t${Architecture}\n"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> out;
    for (const std::string& line : Lines(r.out)) {
      // Selection install or hold, state installed.
      if ((line[0] == 'i' || line[0] == 'h') && line[1] == 'i') {
        out.insert(line.substr(line.find('\t') + 1));
      }
    }
    return out;
  }

  static inline fs::path work_;
  static inline bool rpm_ready_ = false;
  static inline std::string rpm_error_;
};

TEST_F(CollectIntegrationTest, DpkgFixtureRootEqualsDpkgQuery) {
  fs::path root = CopyRoot("debian-desktop");
  v1::Snapshot snap = Collect(root, 0);
  auto ours = Installed(snap, v1::PACKAGE_SOURCE_DPKG);
  auto theirs = DpkgQueryInstalled(root / "var/lib/dpkg");
  EXPECT_EQ(ours.size(), 13u);
  EXPECT_EQ(ours, theirs);
  // Entries in other states are reported as such, never as installed.
  std::set<std::string> others;
  for (const auto& p : Find(snap, "software")->software().packages()) {
    if (p.has_dpkg() && !p.installed()) {
      others.insert(p.name() + ":" + p.dpkg().want() + "/" + p.dpkg().state());
    }
  }
  EXPECT_EQ(others, (std::set<std::string>{
                        "anydesk:install/unpacked", "nano:deinstall/installed",
                        "teamviewer:install/half-installed"}));
}

TEST_F(CollectIntegrationTest, LiveMachineEqualsDpkgQuery) {
  if (!fs::exists("/var/lib/dpkg/status")) GTEST_SKIP() << "not a dpkg system";
  v1::Snapshot snap = Collect("/", 0, {"--only", "software"});
  EXPECT_EQ(Installed(snap, v1::PACKAGE_SOURCE_DPKG),
            DpkgQueryInstalled("/var/lib/dpkg"));
}

TEST_F(CollectIntegrationTest, FlatpakSystemAndUserInstallations) {
  v1::Snapshot snap = Collect(CopyRoot("debian-desktop"), 0);
  std::set<std::string> got;
  for (const auto& p : Find(snap, "software")->software().packages()) {
    if (!p.has_flatpak()) continue;
    const auto& f = p.flatpak();
    got.insert(p.name() + " " + p.version() + " " + p.architecture() + " " +
               f.kind() + " " + f.branch() + " " + f.origin() + " " +
               f.installation() + " " + f.user());
  }
  EXPECT_EQ(
      got, (std::set<std::string>{
               "com.anydesk.Anydesk 6.3.2 x86_64 app stable flathub-user "
               "user ann",
               "org.freedesktop.Platform 23.08.26 x86_64 runtime 23.08 "
               "flathub system ",
               "org.mozilla.firefox 133.0 x86_64 app stable flathub system "}));
}

TEST_F(CollectIntegrationTest, SnapStateMetaAndPublisher) {
  v1::Snapshot snap = Collect(CopyRoot("debian-desktop"), 0);
  std::set<std::string> got;
  for (const auto& p : Find(snap, "software")->software().packages()) {
    if (!p.has_snap()) continue;
    const auto& s = p.snap();
    got.insert(p.name() + " " + p.version() + " " + s.revision() + " " +
               s.channel() + " " + s.publisher() + " " + s.type() + " " +
               (s.active() ? "active" : "disabled"));
  }
  EXPECT_EQ(got, (std::set<std::string>{
                     "core22 20241001 1621 latest/stable canonical base active",
                     "firefox 133.0-1 5134 latest/stable mozilla app disabled",
                     "hello-local 2.10 x1   app active",
                     "zoom-client 6.2.5.2000 230 latest/stable ogra app "
                     "active"}));
}

TEST_F(CollectIntegrationTest, SnapWithoutStateJsonFallsBackToMounts) {
  fs::path root = CopyRoot("debian-desktop");
  fs::remove(root / "var/lib/snapd/state.json");
  v1::Snapshot snap = Collect(root, 0);
  std::set<std::string> got;
  for (const auto& p : Find(snap, "software")->software().packages()) {
    if (p.has_snap()) got.insert(p.name() + " " + p.snap().revision());
  }
  EXPECT_EQ(got, (std::set<std::string>{"core22 1621", "firefox 5134",
                                        "hello-local x1", "zoom-client 230"}));
}

TEST_F(CollectIntegrationTest, RpmDatabaseWrittenByRealRpm) {
  ASSERT_TRUE(rpm_ready_) << "make_rpm_root.sh failed: " << rpm_error_;
  fs::path root = RpmRoot();
  std::set<std::string> before;
  for (const auto& e : fs::directory_iterator(root / "var/lib/rpm")) {
    before.insert(e.path().filename().string() + ":" +
                  std::to_string(fs::file_size(e.path())));
  }
  v1::Snapshot snap = Collect(root, 0);
  std::set<std::string> ours;
  for (const auto& p : Find(snap, "software")->software().packages()) {
    if (!p.has_rpm()) continue;
    const auto& r = p.rpm();
    ours.insert(p.name() + "\t" +
                (r.has_epoch() ? std::to_string(r.epoch()) : "(none)") + "\t" +
                r.version() + "\t" + r.release() + "\t" +
                (p.architecture().empty() ? "(none)" : p.architecture()) +
                "\t" + (r.vendor().empty() ? "(none)" : r.vendor()) + "\t" +
                std::to_string(r.install_time()));
  }
  EXPECT_EQ(ours, Lines(Slurp(work_ / "rpm/expected.txt")));
  EXPECT_EQ(ours.size(), 3u);
  // Opened read-only: nothing created or changed beside the database.
  std::set<std::string> after;
  for (const auto& e : fs::directory_iterator(root / "var/lib/rpm")) {
    after.insert(e.path().filename().string() + ":" +
                 std::to_string(fs::file_size(e.path())));
  }
  EXPECT_EQ(before, after);
}

TEST_F(CollectIntegrationTest, RpmCorruptHeaderIsNamedOthersStillReported) {
  ASSERT_TRUE(rpm_ready_) << rpm_error_;
  fs::path root = RpmRoot();
  fs::remove(root / "var/lib/rpm/rpmdb.sqlite-wal");
  fs::remove(root / "var/lib/rpm/rpmdb.sqlite-shm");
  {
    auto db =
        common::Database::Open((root / "var/lib/rpm/rpmdb.sqlite").string(),
                               common::Database::Mode::kReadWrite);
    ASSERT_TRUE(db);
    ASSERT_TRUE(
        db->Exec("UPDATE Packages SET blob = substr(blob, 1, 40) WHERE hnum = "
                 "(SELECT min(hnum) FROM Packages)"));
    ASSERT_TRUE(db->Exec("PRAGMA journal_mode=DELETE"));
  }
  v1::Snapshot snap = Collect(root, 1);
  EXPECT_EQ(Installed(snap, v1::PACKAGE_SOURCE_RPM).size(), 2u);
  std::string errors = AllErrors(snap);
  EXPECT_NE(errors.find("/var/lib/rpm/rpmdb.sqlite"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("package header 1: truncated header"),
            std::string::npos)
      << errors;
}

TEST_F(CollectIntegrationTest, RpmTruncatedDatabaseFileIsAnError) {
  ASSERT_TRUE(rpm_ready_) << rpm_error_;
  fs::path root = CopyRoot("debian-desktop");
  fs::create_directories(root / "var/lib/rpm");
  std::string db = Slurp(work_ / "rpm/root/var/lib/rpm/rpmdb.sqlite");
  std::ofstream(root / "var/lib/rpm/rpmdb.sqlite", std::ios::binary)
      << db.substr(0, 3000);
  v1::Snapshot snap = Collect(root, 1);
  std::string errors = AllErrors(snap);
  EXPECT_NE(errors.find("/var/lib/rpm/rpmdb.sqlite"), std::string::npos)
      << errors;
  // The other sources still report.
  EXPECT_EQ(Installed(snap, v1::PACKAGE_SOURCE_DPKG).size(), 13u);
  EXPECT_EQ(Find(snap, "host")->errors_size(), 0);
}

TEST_F(CollectIntegrationTest, BerkeleyDbRpmDatabaseIsUnsupportedNotSilent) {
  fs::path root = CopyRoot("debian-desktop");
  fs::create_directories(root / "var/lib/rpm");
  // Berkeley DB hash magic 0x00061561 at offset 12.
  std::string bdb(4096, '\0');
  bdb[12] = 0x61;
  bdb[13] = 0x15;
  bdb[14] = 0x06;
  std::ofstream(root / "var/lib/rpm/Packages", std::ios::binary) << bdb;
  v1::Snapshot snap = Collect(root, 1);
  EXPECT_NE(
      AllErrors(snap).find("unsupported rpm database format (Berkeley DB)"),
      std::string::npos)
      << AllErrors(snap);
}

TEST_F(CollectIntegrationTest, TruncatedStatusNamesFileAndLine) {
  fs::path root = CopyRoot("debian-desktop");
  std::string status = Slurp(root / "var/lib/dpkg/status");
  // Cut in the middle of the last stanza's Status field.
  auto cut = status.rfind("Status: deinstall ok installed") + 15;
  std::ofstream(root / "var/lib/dpkg/status", std::ios::binary)
      << status.substr(0, cut);
  ProcessResult r = RunProcess({kAgent, "collect", "--root", root.string()});
  EXPECT_EQ(r.exit_code, 1);
  std::size_t line =
      1 + static_cast<std::size_t>(std::count(
              status.begin(), status.begin() + static_cast<long>(cut), '\n'));
  EXPECT_NE(r.out.find("software: /var/lib/dpkg/status:" +
                       std::to_string(line) + ": invalid Status field"),
            std::string::npos)
      << r.out;
  // Everything before the cut, and the other sources, are still reported.
  EXPECT_NE(r.out.find("13 dpkg, 3 flatpak, 4 snap"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("reception-pc"), std::string::npos);
}

TEST_F(CollectIntegrationTest, BinaryStatusFileIsAnError) {
  fs::path root = CopyRoot("debian-desktop");
  std::string garbage;
  for (int i = 0; i < 8192; ++i) garbage += static_cast<char>((i * 131) & 0xff);
  std::ofstream(root / "var/lib/dpkg/status", std::ios::binary) << garbage;
  v1::Snapshot snap = Collect(root, 1);
  std::string errors = AllErrors(snap);
  EXPECT_NE(errors.find("/var/lib/dpkg/status:1@"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("NUL byte"), std::string::npos) << errors;
  EXPECT_EQ(Installed(snap, v1::PACKAGE_SOURCE_FLATPAK).size(), 3u);
}

TEST_F(CollectIntegrationTest, TruncatedSnapStateAndCorruptDeploy) {
  fs::path root = CopyRoot("debian-desktop");
  std::string state = Slurp(root / "var/lib/snapd/state.json");
  std::ofstream(root / "var/lib/snapd/state.json") << state.substr(0, 100);
  fs::path deploy = root /
                    "var/lib/flatpak/app/org.mozilla.firefox/x86_64/stable/"
                    "active/deploy";
  fs::path target = fs::canonical(deploy);
  fs::remove(target);
  std::ofstream(target, std::ios::binary) << "no-terminator";
  v1::Snapshot snap = Collect(root, 1);
  std::string errors = AllErrors(snap);
  EXPECT_NE(errors.find("/var/lib/snapd/state.json:0@0: state.json is not "
                        "valid JSON"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("org.mozilla.firefox/x86_64/stable/active/deploy"),
            std::string::npos)
      << errors;
  // The app is still listed, without its origin; dpkg is untouched.
  EXPECT_EQ(Installed(snap, v1::PACKAGE_SOURCE_FLATPAK).size(), 3u);
  EXPECT_EQ(Installed(snap, v1::PACKAGE_SOURCE_DPKG).size(), 13u);
}

TEST_F(CollectIntegrationTest, EmptyRootHasNoSourcesAndNoErrors) {
  fs::path root = work_ / "empty";
  fs::create_directories(root);
  v1::Snapshot snap = Collect(root, 0);
  EXPECT_EQ(Find(snap, "software")->software().packages_size(), 0);
  EXPECT_EQ(Find(snap, "software")->software().sources_present_size(), 0);
  EXPECT_EQ(AllErrors(snap), "");
}

TEST_F(CollectIntegrationTest, JsonIsCanonicalProtobufJson) {
  fs::path root = CopyRoot("debian-desktop");
  fs::path out = work_ / "snap.json";
  ProcessResult r = RunProcess({kAgent, "collect", "--root", root.string(),
                                "--format", "json", "-o", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  v1::Snapshot snap;
  auto status = google::protobuf::util::JsonStringToMessage(Slurp(out), &snap);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(snap.host().hostname(), "reception-pc");
  EXPECT_NE(Slurp(out).find("\"machineId\""), std::string::npos);
}

TEST_F(CollectIntegrationTest, OnlyRunsTheNamedCollectors) {
  v1::Snapshot snap =
      Collect(CopyRoot("debian-desktop"), 0, {"--only", "host"});
  ASSERT_EQ(snap.sections_size(), 1);
  EXPECT_EQ(snap.sections(0).collector(), "host");
}

TEST_F(CollectIntegrationTest, UsageErrorsExitTwoWithAMessage) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  } cases[] = {
      {{"collect", "--only", "nope"}, "unknown collector 'nope'"},
      {{"collect", "--format", "xml"}, "unknown format 'xml'"},
      {{"collect", "--root", "/definitely/not/here"}, "/definitely/not/here"},
      {{"collect", "--bogus"}, "unknown option '--bogus'"},
      {{"frobnicate"}, "unknown command 'frobnicate'"},
      {{"collect", "--only", "host", "-o", "/definitely/not/here/out"},
       "writing /definitely/not/here/out: No such file or directory"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> argv = {kAgent};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    ProcessResult r = RunProcess(argv);
    EXPECT_EQ(r.exit_code, 2) << c.message;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
  ProcessResult help = RunProcess({kAgent, "collect", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--root DIR"), std::string::npos);
}

}  // namespace
}  // namespace surveyor
