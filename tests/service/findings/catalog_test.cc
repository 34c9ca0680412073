#include "service/findings/catalog.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <set>
#include <string>

#include "service/findings/report.h"
#include "surveyor/v1/software.pb.h"

namespace surveyor::findings {
namespace {

constexpr const char* kHeader =
    "categories { id: \"remote-access\" name: \"Remote access\" overlap: true "
    "}\n";

std::expected<Catalog, common::Error> Parse(const std::string& products) {
  return Catalog::Parse(std::string(kHeader) + products, "test.textproto");
}

TEST(CatalogTest, BuiltinLoadsWithAtLeast200Products) {
  auto c = Catalog::Builtin();
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_GE(c->proto().products_size(), 200);
  std::set<std::string> categories;
  for (const auto& p : c->proto().products()) categories.insert(p.category());
  for (const char* want :
       {"antivirus-edr", "backup", "remote-access", "password-manager", "vpn",
        "conferencing", "chat", "file-sharing", "office", "browser", "pdf",
        "developer-tools", "rmm", "monitoring"}) {
    EXPECT_TRUE(categories.contains(want)) << want;
  }
  EXPECT_EQ(c->fingerprint().size(), 64u);
}

TEST(CatalogTest, ExactPrefixAndPublisherMatching) {
  auto c = Catalog::Builtin();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->Match(MatchSource::kDeb, "anydesk")->id(), "anydesk");
  EXPECT_EQ(c->Match(MatchSource::kDeb, "google-chrome-beta")->id(),
            "google-chrome");
  EXPECT_EQ(c->Match(MatchSource::kFlatpak, "com.rustdesk.RustDesk")->id(),
            "rustdesk");
  EXPECT_EQ(c->Match(MatchSource::kRpm, "node_exporter")->id(),
            "node-exporter");
  EXPECT_EQ(c->Match(MatchSource::kWindows, "TeamViewer 15")->id(),
            "teamviewer");
  EXPECT_EQ(c->Match(MatchSource::kMacos, "com.1password.1password")->id(),
            "1password");
  EXPECT_EQ(c->Match(MatchSource::kBrowserExtension,
                     "nngceckbapebfimnlniiiahkandclblb")
                ->id(),
            "bitwarden");
  // Windows app packages by identity Name: the new Teams, WhatsApp.
  EXPECT_EQ(c->Match(MatchSource::kMsix, "MSTeams")->id(), "microsoft-teams");
  EXPECT_EQ(c->Match(MatchSource::kMsix, "5319275A.WhatsAppDesktop")->id(),
            "whatsapp");
  EXPECT_EQ(c->Match(MatchSource::kMsix, "Microsoft.WindowsCalculator"),
            nullptr);
  EXPECT_EQ(FromPackageSource(v1::PACKAGE_SOURCE_MSIX), MatchSource::kMsix);
  EXPECT_EQ(ParseMatchSource("msix"), MatchSource::kMsix);
  EXPECT_EQ(MatchSourceName(MatchSource::kMsix), "msix");
  // A publisher-qualified name needs the publisher.
  EXPECT_EQ(c->Match(MatchSource::kWindows, "Backup Manager"), nullptr);
  EXPECT_EQ(
      c->Match(MatchSource::kWindows, "Backup Manager", "N-able Technologies")
          ->id(),
      "cove");
  // Same name, other source: no match.
  EXPECT_EQ(c->Match(MatchSource::kSnap, "anydesk"), nullptr);
  EXPECT_EQ(c->Match(MatchSource::kDeb, "libc6"), nullptr);
  EXPECT_EQ(c->Match(MatchSource::kDeb, "anydesk-extra"), nullptr);
}

TEST(CatalogTest, LongestPrefixWins) {
  auto c = Parse(R"(
products { id: "a" name: "A" vendor: "V" category: "remote-access" deb: "tool-*" }
products { id: "b" name: "B" vendor: "V" category: "remote-access" deb: "tool-pro-*" }
)");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->Match(MatchSource::kDeb, "tool-x")->id(), "a");
  EXPECT_EQ(c->Match(MatchSource::kDeb, "tool-pro-x")->id(), "b");
}

struct BadCase {
  const char* name;
  const char* text;
  const char* expect;  // Regex the message must match.
};

class CatalogErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(CatalogErrorTest, RefusesWithFileAndLine) {
  auto c = Parse(GetParam().text);
  ASSERT_FALSE(c);
  EXPECT_TRUE(
      std::regex_search(c.error().message, std::regex(GetParam().expect)))
      << c.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Broken, CatalogErrorTest,
    ::testing::Values(
        BadCase{"Syntax", "products { id: \"x\" name: ", "^test.textproto:2:"},
        BadCase{"UnknownField", "products { id: \"x\" colour: \"red\" }",
                "^test.textproto:2:.*colour"},
        BadCase{"DuplicateId",
                "products { id: \"a\" name: \"A\" vendor: \"V\" category: "
                "\"remote-access\" deb: \"a\" }\n"
                "products { id: \"a\" name: \"A\" vendor: \"V\" category: "
                "\"remote-access\" deb: \"b\" }",
                "^test.textproto:3:1: duplicate product 'a'"},
        BadCase{"UnknownCategory",
                "products { id: \"a\" name: \"A\" vendor: \"V\" category: "
                "\"nope\" deb: \"a\" }",
                "^test.textproto:2:1: .*unknown category 'nope'"},
        BadCase{"NoPattern",
                "products { id: \"a\" name: \"A\" vendor: \"V\" category: "
                "\"remote-access\" }",
                "test.textproto:2:1: .*no detection pattern"},
        BadCase{"StarInTheMiddle",
                "products { id: \"a\" name: \"A\" vendor: \"V\" category: "
                "\"remote-access\" deb: \"a*b\" }",
                "test.textproto:2:1: .*pattern 'a\\*b'"},
        BadCase{"ShortPrefix",
                "products { id: \"a\" name: \"A\" vendor: \"V\" category: "
                "\"remote-access\" deb: \"l*\" }",
                "pattern 'l\\*'"},
        BadCase{"ClaimedTwice",
                "products { id: \"a\" name: \"A\" vendor: \"V\" category: "
                "\"remote-access\" deb: \"same\" }\n"
                "products { id: \"b\" name: \"B\" vendor: \"V\" category: "
                "\"remote-access\" deb: \"same\" }",
                "test.textproto:3:1: .*'same' is already product 'a'"},
        BadCase{"UnknownControl",
                "products { id: \"a\" name: \"A\" vendor: \"V\" category: "
                "\"remote-access\" deb: \"a\" controls: \"magic\" }",
                "unknown control 'magic'"},
        BadCase{"BadSlug",
                "products { id: \"Any Desk\" name: \"A\" vendor: \"V\" "
                "category: \"remote-access\" deb: \"a\" }",
                "lowercase slug"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

// Names that are libraries, development files or language modules.
bool LibraryLike(const std::string& n) {
  static const std::regex kLib(
      R"(^lib(?!reoffice|rewolf).*|.*-(dev|dbg|dbgsym|doc|perl|java)$|^python3?-.*|^perl-.*|^golang-(?!github-prometheus-node-exporter).*|^node-.*|^ruby-.*|^fonts-.*|^firmware-.*|^linux-(image|headers)-.*)");
  return std::regex_match(n, kLib);
}

TEST(CatalogPrecisionTest, NoCatalogPatternNamesALibrary) {
  auto c = Catalog::Builtin();
  ASSERT_TRUE(c);
  for (const auto& p : c->proto().products()) {
    for (const auto* list : {&p.deb(), &p.rpm()}) {
      for (const auto& pat : *list) {
        EXPECT_FALSE(LibraryLike(pat)) << p.id() << ": " << pat;
      }
    }
  }
}

TEST(CatalogPrecisionTest, ThisMachinesPackages) {
  auto c = Catalog::Builtin();
  ASSERT_TRUE(c);
  FILE* f =
      ::popen("dpkg-query -W -f '${Package} ${Status}\\n' 2>/dev/null", "r");
  ASSERT_NE(f, nullptr);
  char line[512];
  int installed = 0, matched = 0;
  std::set<std::string> names;
  while (std::fgets(line, sizeof(line), f) != nullptr) {
    std::string l(line);
    if (l.find(" installed") == std::string::npos) continue;
    std::string name = l.substr(0, l.find(' '));
    names.insert(name);
    ++installed;
    const auto* p = c->Match(MatchSource::kDeb, name);
    if (p == nullptr) continue;
    ++matched;
    EXPECT_FALSE(LibraryLike(name)) << name << " became " << p->id();
  }
  ::pclose(f);
  ASSERT_GT(installed, 100);
  // Tools the test setup installs (install/setup.sh) are found.
  for (const char* tool : {"restic", "borgbackup", "clamav", "ufw", "git"}) {
    if (!names.contains(tool)) continue;
    EXPECT_NE(c->Match(MatchSource::kDeb, tool), nullptr) << tool;
  }
  // Most of a Debian system is plumbing, not products.
  EXPECT_LT(matched * 20, installed) << matched << " of " << installed;
}

}  // namespace
}  // namespace surveyor::findings

namespace surveyor::findings {
namespace {

// Every real package name in tests/fixtures/catalog/real_package_names.tsv
// (Debian 12's archive, Flathub's and Snapcrafters' build repositories) is
// matched to the product it proves, so a pattern that drifts from the names
// packages really use fails here.
TEST(CatalogPrecisionTest, RealPackageNamesMatchTheirProducts) {
  auto c = Catalog::Builtin();
  ASSERT_TRUE(c);
  std::FILE* f = std::fopen(
      (std::string(SURVEYOR_FIXTURES) + "/catalog/real_package_names.tsv")
          .c_str(),
      "r");
  ASSERT_NE(f, nullptr);
  char buf[512];
  int checked = 0;
  std::set<std::string> sources, flatpaks;
  while (std::fgets(buf, sizeof(buf), f) != nullptr) {
    std::string line(buf);
    if (line.empty() || line[0] == '#' || line[0] == '\n') continue;
    std::string fields[3];
    std::size_t start = 0;
    for (auto& field : fields) {
      auto tab = line.find('\t', start);
      ASSERT_NE(tab, std::string::npos) << line;
      field = line.substr(start, tab - start);
      start = tab + 1;
    }
    auto source = ParseMatchSource(fields[0]);
    ASSERT_TRUE(source) << line;
    const auto* product = c->Match(*source, fields[1]);
    ASSERT_NE(product, nullptr) << fields[0] << " " << fields[1];
    EXPECT_EQ(product->id(), fields[2]) << fields[0] << " " << fields[1];
    sources.insert(fields[0]);
    if (fields[0] == "flatpak") flatpaks.insert(fields[1]);
    ++checked;
  }
  std::fclose(f);
  EXPECT_GE(checked, 250);
  // Every Flatpak id the catalog names is among them: a new one needs its
  // real id proven too.
  for (const auto& p : c->proto().products()) {
    for (const auto& id : p.flatpak()) {
      EXPECT_TRUE(flatpaks.contains(id)) << p.id() << ": " << id;
    }
  }
  EXPECT_EQ(sources, (std::set<std::string>{"deb", "flatpak", "snap"}));
}

TEST(FindingsTableTest, AgentTextIsEscaped) {
  v1::Finding f;
  f.set_severity("high");
  f.set_kind("agent-silent");
  f.set_title("evil\x1b]0;owned\x07\r\n2026-01-01 forged: agent silent");
  f.add_evidence("pkg\x1b[2J");
  std::string table = FindingsTable({f});
  EXPECT_EQ(table.find('\x1b'), std::string::npos) << table;
  EXPECT_EQ(table.find('\r'), std::string::npos);
  EXPECT_EQ(table.find("\n2026-01-01 forged"), std::string::npos) << table;
}

TEST(FindingsTableTest, ALongKindKeepsItsColumnApart) {
  v1::Finding f;
  f.set_severity("high");
  f.set_kind("protection-not-working");
  f.set_first_seen(1'800'000'000);
  f.set_title("pc: ClamAV reports a problem with itself");
  std::string table = FindingsTable({f});
  EXPECT_NE(table.find("protection-not-working  2027-"), std::string::npos)
      << table;
  // Header and row line up: SINCE starts where the date does.
  auto header = table.substr(0, table.find('\n'));
  auto row = table.substr(table.find('\n') + 1);
  EXPECT_EQ(header.find("SINCE"), row.find("2027-")) << table;
}

}  // namespace
}  // namespace surveyor::findings
