#include "service/store/software_keys.h"

#include <gtest/gtest.h>

namespace surveyor::service {
namespace {

v1::Package Pkg(const std::string& name, const std::string& version,
                bool installed = true) {
  v1::Package p;
  p.set_source(v1::PACKAGE_SOURCE_DPKG);
  p.set_name(name);
  p.set_version(version);
  p.set_installed(installed);
  return p;
}

TEST(SoftwareKeysTest, OnlyInstalledPackagesSorted) {
  google::protobuf::RepeatedPtrField<v1::Package> pkgs;
  *pkgs.Add() = Pkg("zsh", "5.9");
  *pkgs.Add() = Pkg("bash", "5.2");
  *pkgs.Add() = Pkg("old", "1", /*installed=*/false);
  auto keys = InstalledKeys(pkgs);
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].name, "bash");
  EXPECT_EQ(keys[1].name, "zsh");
}

TEST(SoftwareKeysTest, FlatpakInstallationsAreDistinctVariants) {
  google::protobuf::RepeatedPtrField<v1::Package> pkgs;
  for (const char* user : {"", "alice"}) {
    auto* p = pkgs.Add();
    *p = Pkg("org.gimp.GIMP", "2.10");
    p->set_source(v1::PACKAGE_SOURCE_FLATPAK);
    p->mutable_flatpak()->set_installation(*user ? "user" : "system");
    p->mutable_flatpak()->set_user(user);
    p->mutable_flatpak()->set_branch("stable");
  }
  auto keys = InstalledKeys(pkgs);
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_NE(keys[0], keys[1]);
}

TEST(SoftwareKeysTest, DiffIsAMultisetDifferenceBothWays) {
  SoftwareKey a{1, "a", "", "", "1"}, b1{1, "b", "", "", "1"},
      b2{1, "b", "", "", "2"};
  auto d = DiffKeys({a, b1}, {a, b2});
  ASSERT_EQ(d.removed.size(), 1u);
  EXPECT_EQ(d.removed[0], b1);
  ASSERT_EQ(d.added.size(), 1u);
  EXPECT_EQ(d.added[0], b2);
  // Duplicates count: one of two copies gone.
  auto dup = DiffKeys({a, a}, {a});
  EXPECT_EQ(dup.removed.size(), 1u);
  EXPECT_TRUE(dup.added.empty());
  EXPECT_TRUE(DiffKeys({a}, {a}).removed.empty());
}

TEST(SoftwareKeysTest, DetailsAreWhatEachPackageManagerTells) {
  google::protobuf::RepeatedPtrField<v1::Package> pkgs;
  auto* rpm = pkgs.Add();
  *rpm = Pkg("bash", "5.2");
  rpm->set_source(v1::PACKAGE_SOURCE_RPM);
  rpm->mutable_rpm()->set_vendor("Rocky Enterprise Software Foundation");
  rpm->mutable_rpm()->set_install_time(1700000000);
  auto* deb = pkgs.Add();
  *deb = Pkg("curl", "7.88");
  deb->mutable_dpkg()->set_maintainer("Alessandro Ghedini <ghedo@debian.org>");
  auto* snap = pkgs.Add();
  *snap = Pkg("zoom-client", "5.17");
  snap->set_source(v1::PACKAGE_SOURCE_SNAP);
  snap->mutable_snap()->set_publisher("zoom");
  auto* bare = pkgs.Add();
  *bare = Pkg("nothing-known", "1");
  auto* gone = pkgs.Add();
  *gone = Pkg("removed", "1");
  gone->set_installed(false);
  gone->mutable_dpkg()->set_maintainer("x");
  auto details = DetailsOf(pkgs);
  ASSERT_EQ(details.size(), 3u);
  const auto keys = InstalledKeys(pkgs);
  auto of = [&](const std::string& name) {
    for (const auto& k : keys) {
      if (k.name == name) return details.at(k);
    }
    return PackageDetails{};
  };
  EXPECT_EQ(of("bash").publisher, "Rocky Enterprise Software Foundation");
  EXPECT_EQ(of("bash").installed_at, 1700000000);
  EXPECT_EQ(of("curl").publisher, "Alessandro Ghedini <ghedo@debian.org>");
  EXPECT_EQ(of("curl").installed_at, 0);
  EXPECT_EQ(of("zoom-client").publisher, "zoom");
  KeyChanges changes;
  changes.details = details;
  for (const auto& k : keys) {
    auto c = NewRowDetails(changes, k);
    EXPECT_FALSE(c.all_sites);  // not an extension
    EXPECT_FALSE(c.display_name);
    if (k.name == "nothing-known") {
      EXPECT_FALSE(c.publisher);
      EXPECT_FALSE(c.installed_at);
    }
    if (k.name == "curl") {
      EXPECT_TRUE(c.publisher);
      EXPECT_FALSE(c.installed_at);
    }
  }
}

TEST(SoftwareKeysTest, BrowserExtensionsPerProfileWithNameAndAccess) {
  google::protobuf::RepeatedPtrField<v1::Package> pkgs;
  auto add = [&](const std::string& profile, bool all_sites) {
    auto* p = pkgs.Add();
    p->set_source(v1::PACKAGE_SOURCE_BROWSER);
    p->set_name("nngceckbapebfimnlniiiahkandclblb");
    p->set_version("2025.12.1");
    p->set_installed(true);
    auto* d = p->mutable_browser();
    d->set_browser("brave");
    d->set_user("bob");
    d->set_profile(profile);
    d->set_display_name("Bitwarden Password Manager");
    d->set_all_sites(all_sites);
  };
  add("Profile 1", true);
  add("Default", false);
  const auto keys = InstalledKeys(pkgs);
  ASSERT_EQ(keys.size(), 2u);  // one per profile
  EXPECT_EQ(keys[0].variant, "brave:bob:Default");
  EXPECT_EQ(keys[1].variant, "brave:bob:Profile 1");
  KeyChanges changes;
  changes.details = DetailsOf(pkgs);
  auto in_default = NewRowDetails(changes, keys[0]);
  auto in_profile1 = NewRowDetails(changes, keys[1]);
  EXPECT_EQ(in_default.all_sites, 0);
  EXPECT_EQ(in_profile1.all_sites, 1);
  EXPECT_EQ(in_profile1.display_name, "Bitwarden Password Manager");
  EXPECT_FALSE(in_profile1.publisher);
}

TEST(SoftwareKeysTest, WindowsProgramsKeepWhereTheyAreAndWhoPublishesThem) {
  google::protobuf::RepeatedPtrField<v1::Package> pkgs;
  auto add = [&](const std::string& scope, const std::string& date) {
    auto* p = pkgs.Add();
    p->set_source(v1::PACKAGE_SOURCE_WINDOWS);
    p->set_name("Zoom");
    p->set_version("5.17.5 (31030)");
    p->set_installed(true);
    auto* d = p->mutable_windows();
    d->set_scope(scope);
    d->set_user(scope == "user" ? "S-1-5-21-1-1001" : "");
    d->set_key_name("ZoomUMX");
    d->set_publisher("Zoom Video Communications, Inc.");
    d->set_install_date(date);
  };
  add("machine", "20240115");
  add("user", "2024-01-15");  // not YYYYMMDD: no install time
  const auto keys = InstalledKeys(pkgs);
  ASSERT_EQ(keys.size(), 2u);  // same program in two places
  EXPECT_EQ(keys[0].variant,
            "machine::ZoomUMX\tZoom Video Communications, Inc.");
  EXPECT_EQ(WindowsPublisher(keys[0]), "Zoom Video Communications, Inc.");
  EXPECT_EQ(keys[1].variant,
            "user:S-1-5-21-1-1001:ZoomUMX\tZoom Video Communications, Inc.");
  KeyChanges changes;
  changes.details = DetailsOf(pkgs);
  auto machine = NewRowDetails(changes, keys[0]);
  EXPECT_EQ(machine.publisher, "Zoom Video Communications, Inc.");
  EXPECT_EQ(machine.installed_at, 1705276800);  // 2024-01-15T00:00:00Z
  EXPECT_FALSE(NewRowDetails(changes, keys[1]).installed_at);

  SoftwareKey deb{v1::PACKAGE_SOURCE_DPKG, "zoom", "amd64", "a\tb", "1"};
  EXPECT_EQ(WindowsPublisher(deb), "");  // only Windows keys carry one
}

}  // namespace
}  // namespace surveyor::service
