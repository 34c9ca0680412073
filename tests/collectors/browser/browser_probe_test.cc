// The software collector's browser probe on a fixture root holding real
// profiles of Chromium 111, Chrome 38, Brave and Firefox 81
// (tests/fixtures/roots/browser-desktop/SOURCES.md).
#include "collectors/browser/browser_probe.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "collectors/collector.h"
#include "collectors/software/software_collector.h"
#include "tests/fixture.h"

namespace surveyor::collectors::browser {
namespace {

class BrowserProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto view = HostView::Open(std::string(SURVEYOR_FIXTURES) +
                               "/roots/browser-desktop");
    ASSERT_TRUE(view) << view.error().message;
    found_ = ProbeBrowsers(*view, section_, inventory_);
  }
  const v1::Package* Find(std::string_view browser, std::string_view id) const {
    for (const auto& p : inventory_.packages()) {
      if (p.browser().browser() == browser && p.name() == id) return &p;
    }
    return nullptr;
  }
  int Count(std::string_view browser) const {
    return static_cast<int>(std::count_if(
        inventory_.packages().begin(), inventory_.packages().end(),
        [&](const auto& p) { return p.browser().browser() == browser; }));
  }
  v1::Section section_;
  v1::SoftwareInventory inventory_;
  bool found_ = false;
};

TEST_F(BrowserProbeTest, EveryUsersBrowsers) {
  EXPECT_TRUE(found_);
  EXPECT_EQ(Count("chrome"), 2);    // ann: two unpacked extensions
  EXPECT_EQ(Count("firefox"), 14);  // ann: one profile started, one never
  EXPECT_EQ(Count("brave"), 3);     // bob: Profile 1 (Profile 2 is broken)
  EXPECT_EQ(Count("chromium"), 7);  // carol: no Local State
  EXPECT_EQ(inventory_.packages_size(), 26);
  for (const auto& p : inventory_.packages()) {
    EXPECT_EQ(p.source(), v1::PACKAGE_SOURCE_BROWSER);
    EXPECT_TRUE(p.installed());
  }
}

TEST_F(BrowserProbeTest, StoreExtensionWithLocalisedNameFromItsManifest) {
  const auto* bw = Find("brave", "nngceckbapebfimnlniiiahkandclblb");
  ASSERT_NE(bw, nullptr);
  EXPECT_EQ(bw->version(), "2025.12.1");
  const auto& d = bw->browser();
  EXPECT_EQ(d.user(), "bob");
  EXPECT_EQ(d.profile(), "Profile 1");
  EXPECT_EQ(d.display_name(), "Bitwarden Password Manager");
  EXPECT_TRUE(d.enabled());
  EXPECT_EQ(d.install_type(), "store");
  EXPECT_TRUE(d.all_sites());
  EXPECT_EQ(d.permissions_size(), 17);
  EXPECT_EQ(d.installed_at(), 1764576000);  // 13409049600000000 us since 1601
  const auto* off = Find("brave", "ghbmnnjooekpmoecnnnilnnbdlolhkhi");
  ASSERT_NE(off, nullptr);
  EXPECT_FALSE(off->browser().enabled());
  EXPECT_EQ(off->version(), "1.97.1");  // no manifest on disk: its directory
  EXPECT_EQ(Find("brave", "cjpalhdlnbpafiamejdnhcphjbkeiagm")
                ->browser()
                .install_type(),
            "policy");
  EXPECT_EQ(Find("brave", "mhjfbmdgcfjbbpaeojofohoefgiehjai"), nullptr);
}

TEST_F(BrowserProbeTest, AHalfWrittenProfileIsAnErrorForThatProfileOnly) {
  ASSERT_EQ(section_.errors_size(), 1);
  EXPECT_EQ(section_.errors(0).source(),
            "/home/bob/.config/BraveSoftware/Brave-Browser/Profile 2/"
            "Preferences");
  EXPECT_NE(section_.errors(0).reason().find("not valid JSON"),
            std::string::npos);
}

TEST_F(BrowserProbeTest, ProfileNamesAndOlderFormats) {
  const auto* mm = Find("chrome", "eabbjjmhckhabkmlefjbeidehgdgkdko");
  ASSERT_NE(mm, nullptr);
  EXPECT_EQ(mm->browser().profile(), "Default");
  EXPECT_EQ(mm->browser().profile_name(), "Person 1");
  EXPECT_EQ(mm->browser().install_type(), "unpacked");
  EXPECT_EQ(mm->browser().location(), "command_line");
  EXPECT_EQ(mm->version(), "");  // its source directory is not on this disk
  const auto* gmail = Find("chromium", "pjkljhegncpnkpknbcohdijeoejaedia");
  ASSERT_NE(gmail, nullptr);
  EXPECT_EQ(gmail->browser().display_name(), "Gmail");
  EXPECT_EQ(gmail->version(), "7");
  EXPECT_EQ(gmail->browser().install_type(), "default");
  const auto* ublock = Find("firefox", "uBlock0@raymondhill.net");
  ASSERT_NE(ublock, nullptr);
  EXPECT_EQ(ublock->browser().profile(), "1soy6cb0.Privacy");
  EXPECT_EQ(ublock->browser().profile_name(), "Privacy");
  EXPECT_EQ(ublock->browser().signed_state(), "signed");
  EXPECT_EQ(ublock->browser().location(), "app-profile");
  EXPECT_TRUE(ublock->browser().all_sites());
}

TEST(BrowserProbe, NoBrowsersIsNoSource) {
  auto view = HostView::Open(std::string(SURVEYOR_FIXTURES) +
                             "/roots/protected-server");
  ASSERT_TRUE(view);
  v1::Section section;
  v1::SoftwareInventory inventory;
  EXPECT_FALSE(ProbeBrowsers(*view, section, inventory));
  EXPECT_EQ(inventory.packages_size(), 0);
  EXPECT_EQ(section.errors_size(), 0);
}

TEST(BrowserProbe, TheSoftwareCollectorListsTheSource) {
  auto view =
      HostView::Open(std::string(SURVEYOR_FIXTURES) + "/roots/browser-desktop");
  ASSERT_TRUE(view);
  software::SoftwareCollector collector;
  v1::Section section;
  collector.Collect(CollectContext{*view, {}}, section);
  const auto& sources = section.software().sources_present();
  EXPECT_NE(
      std::find(sources.begin(), sources.end(), v1::PACKAGE_SOURCE_BROWSER),
      sources.end());
  EXPECT_EQ(section.software().packages_size(), 26);
}

}  // namespace
}  // namespace surveyor::collectors::browser
