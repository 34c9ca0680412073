#include "collectors/software/dpkg_status.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/fixture.h"

namespace surveyor::collectors::software {
namespace {

using surveyor::testing::ReadFixture;

constexpr char kStatus[] = "roots/debian-desktop/var/lib/dpkg/status";

std::map<std::string, const DpkgEntry*> ByKey(const DpkgStatus& s) {
  std::map<std::string, const DpkgEntry*> m;
  for (const auto& e : s.entries) {
    m[std::string(e.package) + ":" + std::string(e.architecture)] = &e;
  }
  return m;
}

TEST(DpkgStatusTest, RealDebianStatusWithEveryState) {
  std::string text = ReadFixture(kStatus);
  ASSERT_FALSE(text.empty());
  DpkgStatus s = ParseDpkgStatus(text);
  EXPECT_EQ(s.problem_count, 0u);
  auto m = ByKey(s);
  // 18 stanzas: config-files (openssh-server) and not-installed (telnet)
  // are dropped.
  EXPECT_EQ(s.entries.size(), 16u);
  EXPECT_EQ(m.count("openssh-server:amd64"), 0u);
  EXPECT_EQ(m.count("telnet:amd64"), 0u);

  struct Case {
    std::string key, version, want, state, source, source_version;
    bool installed;
  };
  const Case cases[] = {
      {"bash:amd64", "5.2.15-2+b8", "install", "installed", "bash", "5.2.15-2",
       true},
      {"libc6:amd64", "2.36-9+deb12u14", "install", "installed", "glibc", "",
       true},
      {"libc6:i386", "2.36-9+deb12u14", "install", "installed", "glibc", "",
       true},
      {"zlib1g:amd64", "1:1.2.13.dfsg-1", "install", "installed", "zlib", "",
       true},
      {"htop:amd64", "3.2.2-2", "hold", "installed", "bash", "5.2.15-2", true},
      {"nano:amd64", "7.2-1+deb12u1", "deinstall", "installed", "util-linux",
       "", false},
      {"teamviewer:amd64", "15.48.4", "install", "half-installed", "teamviewer",
       "", false},
      {"anydesk:amd64", "6.3.0", "install", "unpacked", "anydesk", "", false},
      {"adduser:all", "3.134", "install", "installed", "adduser", "", true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.key);
    ASSERT_EQ(m.count(c.key), 1u);
    const DpkgEntry& e = *m[c.key];
    EXPECT_EQ(e.version, c.version);
    EXPECT_EQ(e.want, c.want);
    EXPECT_EQ(e.state, c.state);
    EXPECT_EQ(e.source_name, c.source);
    EXPECT_EQ(e.source_version, c.source_version);
    EXPECT_EQ(e.IsInstalled(), c.installed);
  }
  EXPECT_EQ(m["libc6:amd64"]->multi_arch, "same");
  EXPECT_EQ(m["bash:amd64"]->section, "shells");
  EXPECT_GT(m["bash:amd64"]->installed_size_kib, 1000u);
  EXPECT_NE(m["bash:amd64"]->maintainer.find("Matthias Klose"),
            std::string_view::npos);
}

struct BadCase {
  std::string name;
  std::string text;
  std::uint64_t line;
  std::string reason_part;
  std::size_t entries;  // Good stanzas still parsed.
};

class DpkgBadInputTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(DpkgBadInputTest, NamesTheLineAndKeepsTheRest) {
  const BadCase& c = GetParam();
  DpkgStatus s = ParseDpkgStatus(c.text);
  ASSERT_GE(s.problems.size(), 1u);
  EXPECT_EQ(s.problems[0].line, c.line);
  EXPECT_NE(s.problems[0].reason.find(c.reason_part), std::string::npos)
      << s.problems[0].reason;
  EXPECT_EQ(s.entries.size(), c.entries);
}

const char kGood[] =
    "Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n"
    "\n";

INSTANTIATE_TEST_SUITE_P(
    Malformed, DpkgBadInputTest,
    ::testing::Values(
        BadCase{"TruncatedStatus",
                std::string(kGood) + "Package: b\nStatus: install ok inst", 7,
                "invalid Status", 1},
        BadCase{"TruncatedMidFieldName",
                std::string(kGood) + "Package: b\nStatus: install ok "
                                     "installed\nVers",
                8, "not a 'Field: value'", 1},
        BadCase{"NoStatus", std::string(kGood) + "Package: b\nVersion: 2\n", 6,
                "without Status", 1},
        BadCase{
            "NoPackage",
            "Status: install ok installed\nVersion: 1\n\n" + std::string(kGood),
            1, "without Package", 1},
        BadCase{
            "InstalledWithoutVersion",
            "Package: x\nStatus: install ok installed\n\n" + std::string(kGood),
            1, "without Version", 1},
        BadCase{"BinaryGarbage",
                std::string(kGood) + std::string("\x7f"
                                                 "ELF\x02\x01\x01\0\0\0",
                                                 10),
                6, "NUL byte", 1},
        BadCase{"BadInstalledSize",
                std::string(kGood) +
                    "Package: b\nStatus: install ok installed\nVersion: "
                    "1\nInstalled-Size: 12abc\n",
                9, "Installed-Size", 1},
        BadCase{"UnknownWant",
                "Package: b\nStatus: maybe ok installed\nVersion: 1\n\n" +
                    std::string(kGood),
                2, "invalid Status", 1}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(DpkgStatusTest, EveryTruncationOfTheFixtureIsSafe) {
  std::string text = ReadFixture(kStatus);
  for (std::size_t len = 0; len <= text.size(); len += 97) {
    DpkgStatus s = ParseDpkgStatus(std::string_view(text).substr(0, len));
    EXPECT_LE(s.entries.size(), 16u);
  }
}

TEST(DpkgStatusTest, FieldNamesAreCaseInsensitiveAndCrlfTolerated) {
  DpkgStatus s = ParseDpkgStatus(
      "package: a\r\nstatus: install ok installed\r\nVERSION: 0:1.0\r\n");
  ASSERT_EQ(s.entries.size(), 1u);
  EXPECT_EQ(s.entries[0].version, "1.0");  // dpkg drops a zero epoch.
  EXPECT_TRUE(s.entries[0].IsInstalled());
}

TEST(DpkgStatusTest, ProblemListIsCapped) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "garbage\n\n";
  DpkgStatus s = ParseDpkgStatus(text);
  EXPECT_EQ(s.problem_count, 100u);
  EXPECT_EQ(s.problems.size(), DpkgStatus::kMaxProblems);
}

}  // namespace
}  // namespace surveyor::collectors::software
