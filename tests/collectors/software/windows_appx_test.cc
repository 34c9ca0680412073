#include "collectors/software/windows_appx.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/fixture.h"

namespace surveyor::collectors::software {
namespace {

using surveyor::testing::ReadFixture;

constexpr const char* kUser = "S-1-5-21-3623811015-3361044348-30300820-1013";
constexpr const char* kEntraUser =
    "S-1-12-1-1486296512-1123871331-2542447532-4154513617";

std::map<std::string, v1::Package> ByName(const std::vector<v1::Package>& v) {
  std::map<std::string, v1::Package> out;
  for (const auto& p : v) out[p.name() + "/" + p.architecture()] = p;
  return out;
}

TEST(PackageFullNameTest, SplitsTheFiveParts) {
  auto id = ParsePackageFullName(
      "Microsoft.WindowsCalculator_11.2508.4.0_x64__8wekyb3d8bbwe");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->name, "Microsoft.WindowsCalculator");
  EXPECT_EQ(id->version, "11.2508.4.0");
  EXPECT_EQ(id->architecture, "x64");
  EXPECT_EQ(id->resource_id, "");
  EXPECT_EQ(id->publisher_id, "8wekyb3d8bbwe");

  auto bundle = ParsePackageFullName(
      "Microsoft.WindowsTerminal_1.23.12811.0_neutral_~_8wekyb3d8bbwe");
  ASSERT_TRUE(bundle);
  EXPECT_EQ(bundle->resource_id, "~");
  auto resource = ParsePackageFullName(
      "Microsoft.WindowsTerminal_1.23.12811.0_neutral_split.scale-100_"
      "8wekyb3d8bbwe");
  ASSERT_TRUE(resource);
  EXPECT_EQ(resource->resource_id, "split.scale-100");
}

TEST(PackageFullNameTest, RefusesWhatIsNotOne) {
  for (const char* bad : {
           "",
           "Microsoft.BingNews_8wekyb3d8bbwe",  // A family name.
           "not_a_package_name",
           "Ab_1.0.0.0_x64__8wekyb3d8bbwe",        // Name too short.
           "Name_1.0.0_x64__8wekyb3d8bbwe",        // Three numbers.
           "Name_1.0.0.x_x64__8wekyb3d8bbwe",      // Not a number.
           "Name_1.0.0.0_sparc__8wekyb3d8bbwe",    // Architecture.
           "Name_1.0.0.0_x64__8WEKYB3D8BBWE",      // Publisher id.
           "Name_1.0.0.0_x64__8wekyb3d8bbw",       // 12 characters.
           "Name_1.0.0.0_x64___8wekyb3d8bbwe",     // Six parts.
           "Na\x1bme_1.0.0.0_x64__8wekyb3d8bbwe",  // Control.
           "Name_1.0.0.0_x64_\xc3\xa9t\xc3\xa9_8wekyb3d8bbwe",  // Non-ASCII.
       }) {
    EXPECT_FALSE(ParsePackageFullName(bad)) << bad;
  }
}

TEST(AppxPackagesTest, ProvisionedAndPerUserPackagesFromTheStore) {
  auto keys = ParseRegistryExport(
      ReadFixture("windows/appx_all_user_store_written.reg"));
  ASSERT_TRUE(keys) << keys.error().reason;
  const auto packages = AppxPackages(*keys);
  const auto by = ByName(packages);
  // Calculator, Notepad, Terminal (bundle and main package as one),
  // Clipchamp, Skype, VCLibs x86 and x64, CrossDevice. Not: the resource
  // package, SYSTEM's, Deprovisioned, Deleted, Staged, the malformed key.
  ASSERT_EQ(packages.size(), 8u);

  const auto& calc = by.at("Microsoft.WindowsCalculator/x64");
  EXPECT_EQ(calc.source(), v1::PACKAGE_SOURCE_MSIX);
  EXPECT_EQ(calc.version(), "11.2508.4.0");
  EXPECT_TRUE(calc.installed());
  EXPECT_EQ(calc.msix().full_name(),
            "Microsoft.WindowsCalculator_11.2508.4.0_x64__8wekyb3d8bbwe");
  EXPECT_EQ(calc.msix().publisher_id(), "8wekyb3d8bbwe");
  EXPECT_TRUE(calc.msix().provisioned());
  ASSERT_EQ(calc.msix().user_sids_size(), 2);
  EXPECT_EQ(calc.msix().user_sids(0), kEntraUser);  // Sorted.
  EXPECT_EQ(calc.msix().user_sids(1), kUser);

  const auto& terminal = by.at("Microsoft.WindowsTerminal/x64");
  EXPECT_EQ(terminal.msix().resource_id(), "");
  EXPECT_TRUE(terminal.msix().provisioned());
  EXPECT_FALSE(by.contains("Microsoft.WindowsTerminal/neutral"));

  const auto& clipchamp = by.at("Clipchamp.Clipchamp/x64");
  EXPECT_FALSE(clipchamp.msix().provisioned());
  ASSERT_EQ(clipchamp.msix().user_sids_size(), 1);
  EXPECT_EQ(clipchamp.msix().user_sids(0), kUser);
  EXPECT_EQ(clipchamp.msix().publisher_id(), "yxz26nhyzhsrt");

  EXPECT_TRUE(by.contains("Microsoft.VCLibs.140.00/x86"));
  EXPECT_TRUE(by.contains("Microsoft.VCLibs.140.00/x64"));
  EXPECT_EQ(by.at("MicrosoftWindows.CrossDevice/x64").msix().user_sids(0),
            kEntraUser);
  EXPECT_FALSE(by.contains("Microsoft.SecHealthUI/x64"));  // SYSTEM's.
  EXPECT_FALSE(by.contains("Microsoft.Todos/x64"));        // Staged only.
  EXPECT_FALSE(by.contains("Microsoft.ZuneVideo/x64"));    // Deleted.
}

TEST(AppxPackagesTest, ALoneBundleIsKept) {
  const std::string store =
      "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Appx"
      "\\AppxAllUserStore\\";
  auto packages = AppxPackages(
      {{store + "Applications\\Contoso.App_2.0.0.0_neutral_~_abcdefghjkmnp",
        {}},
       {"HKEY_LOCAL_MACHINE\\SOFTWARE\\Elsewhere\\Applications\\"
        "Contoso.Other_1.0.0.0_x64__abcdefghjkmnp",
        {}}});
  ASSERT_EQ(packages.size(), 1u);
  EXPECT_EQ(packages[0].name(), "Contoso.App");
  EXPECT_EQ(packages[0].architecture(), "neutral");
  EXPECT_EQ(packages[0].msix().resource_id(), "~");
}

}  // namespace
}  // namespace surveyor::collectors::software
