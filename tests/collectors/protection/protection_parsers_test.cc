#include <gtest/gtest.h>

#include "collectors/protection/clamav_db.h"
#include "collectors/protection/edr_status.h"
#include "collectors/protection/linux_posture.h"
#include "collectors/protection/macos_status.h"
#include "collectors/protection/windows_status.h"
#include "tests/fixture.h"

namespace surveyor::collectors::protection {
namespace {

using surveyor::testing::ReadFixture;

std::string Fx(const std::string& name) {
  return ReadFixture("protection/" + name);
}

std::string CvdHeader(std::string fields) {
  fields.resize(512, ' ');
  return fields + "payload";
}

TEST(ClamAvDbTest, HeaderFields) {
  auto h = ParseCvdHeader(
      CvdHeader("ClamAV-VDB:20 Nov 2026 07-24 -0500:27462:2069431:90:"
                "0a1b2c3d4e5f60718293a4b5c6d7e8f9:sig:raynman:1795652640"));
  ASSERT_TRUE(h) << h.error().reason;
  EXPECT_EQ(h->version, 27462u);
  EXPECT_EQ(h->signatures, 2069431u);
  EXPECT_EQ(h->functionality_level, 90u);
  EXPECT_EQ(h->builder, "raynman");
  EXPECT_EQ(h->build_time, 1795652640);
  EXPECT_EQ(h->build_time_text, "20 Nov 2026 07-24 -0500");
}

TEST(ClamAvDbTest, OldHeaderWithoutBuildTime) {
  auto h = ParseCvdHeader(
      CvdHeader("ClamAV-VDB:09 Mar 2011 15-04 +0100:58:1:1:md5:sig:sven"));
  ASSERT_TRUE(h);
  EXPECT_EQ(h->build_time, 0);
  EXPECT_EQ(h->version, 58u);
}

TEST(ClamAvDbTest, BadHeaders) {
  EXPECT_FALSE(ParseCvdHeader("PK\x03\x04 zip file"));
  EXPECT_FALSE(ParseCvdHeader("ClamAV-VDB:short"));
  EXPECT_FALSE(ParseCvdHeader(CvdHeader("ClamAV-VDB:x:1:2:3")));
  EXPECT_FALSE(ParseCvdHeader(CvdHeader("ClamAV-VDB:x:ver:2:3:m:s:b:1")));
  EXPECT_FALSE(ParseCvdHeader(CvdHeader("ClamAV-VDB:x:1:2:3:m:s:b:soon")));
}

TEST(ClamAvDbTest, ClamscanVersion) {
  EXPECT_EQ(
      ParseClamscanVersion("ClamAV 1.4.6/27462/Thu Nov 20 07:24:00 2026\n"),
      "1.4.6");
  EXPECT_EQ(ParseClamscanVersion("ClamAV 1.4.6\n"), "1.4.6");
  EXPECT_EQ(ParseClamscanVersion("command not found"), "");
}

TEST(EdrStatusTest, MdatpHealthy) {
  v1::ProtectionProduct p;
  ASSERT_TRUE(ParseMdatpHealth(Fx("mdatp_health.json"), p));
  EXPECT_EQ(p.version(), "101.24052.0002");
  EXPECT_EQ(p.signature_version(), "1.411.110.0");
  EXPECT_EQ(p.signature_time().seconds(), 1714521600);
  EXPECT_EQ(p.realtime_protection(), v1::TRI_STATE_YES);
  EXPECT_EQ(p.managed(), v1::TRI_STATE_YES);
  EXPECT_EQ(p.issues_size(), 0);
}

TEST(EdrStatusTest, MdatpUnhealthy) {
  v1::ProtectionProduct p;
  ASSERT_TRUE(ParseMdatpHealth(Fx("mdatp_health_unhealthy.json"), p));
  EXPECT_EQ(p.realtime_protection(), v1::TRI_STATE_NO);
  EXPECT_EQ(p.managed(), v1::TRI_STATE_NO);
  std::vector<std::string> issues(p.issues().begin(), p.issues().end());
  EXPECT_EQ(issues,
            (std::vector<std::string>{"no active event provider",
                                      "definitions out of date", "not licensed",
                                      "definitions outdated", "passive mode"}));
}

// A real capture (tests/fixtures/protection/SOURCES.md): times are strings
// of epoch milliseconds, settings wrapped with displayValue/isManaged.
TEST(EdrStatusTest, MdatpRealCaptureWithStringTimes) {
  v1::ProtectionProduct p;
  ASSERT_TRUE(ParseMdatpHealth(Fx("mdatp_health_glpi_101.23062.0010.json"), p));
  EXPECT_EQ(p.version(), "101.23062.0010");
  EXPECT_EQ(p.signature_version(), "1.395.30.0");
  EXPECT_EQ(p.signature_time().seconds(), 1691587153);  // 2023-08-09 13:19 UTC
  EXPECT_EQ(p.realtime_protection(), v1::TRI_STATE_NO);
  EXPECT_EQ(p.managed(), v1::TRI_STATE_YES);
  std::vector<std::string> issues(p.issues().begin(), p.issues().end());
  EXPECT_EQ(issues, std::vector<std::string>{"passive mode"});
  v1::ProtectionProduct mac;
  ASSERT_TRUE(
      ParseMdatpHealth(Fx("mdatp_health_glpi_macos_101.98.30.json"), mac));
  EXPECT_EQ(mac.signature_time().seconds(), 1683092938);
  EXPECT_EQ(mac.realtime_protection(), v1::TRI_STATE_YES);
  EXPECT_EQ(mac.issues_size(), 0);
  // Not digits: no time rather than a wrong one.
  v1::ProtectionProduct q;
  ASSERT_TRUE(ParseMdatpHealth(R"({"definitionsUpdated":"12ab"})", q));
  EXPECT_FALSE(q.has_signature_time());
}

TEST(EdrStatusTest, MdatpGarbage) {
  v1::ProtectionProduct p;
  EXPECT_FALSE(ParseMdatpHealth("ERROR: daemon not running", p));
  EXPECT_FALSE(ParseMdatpHealth("[1,2]", p));
  EXPECT_FALSE(ParseMdatpHealth("{\"healthy\":tr", p));
}

TEST(EdrStatusTest, Falconctl) {
  auto on = ParseFalconctlOptions(Fx("falconctl.txt"));
  EXPECT_EQ(on["rfm-state"], "false");
  EXPECT_EQ(on["version"], "7.14.16703.0");
  EXPECT_EQ(ParseFalconctlOptions(Fx("falconctl_rfm.txt"))["rfm-state"],
            "true");
  EXPECT_EQ(ParseFalconctlOptions("aid=\"0123abcd\".\n")["aid"], "0123abcd");
}

// One option at a time, as Red Hat Insights documents falconctl's real
// output (a trailing full stop; "is not set." without '=').
TEST(EdrStatusTest, FalconctlAsInsightsDocumentsIt) {
  EXPECT_EQ(ParseFalconctlOptions(
                Fx("falconctl_insights_rfm_false.txt"))["rfm-state"],
            "false");
  EXPECT_EQ(
      ParseFalconctlOptions(Fx("falconctl_insights_rfm_true.txt"))["rfm-state"],
      "true");
  EXPECT_EQ(
      ParseFalconctlOptions(Fx("falconctl_insights_backend.txt"))["backend"],
      "auto");
  EXPECT_TRUE(ParseFalconctlOptions("backend is not set.\n").empty());
}

TEST(EdrStatusTest, Sentinelctl) {
  EXPECT_EQ(ParseStatusFields(Fx("sentinelctl_version.txt"))["agent version"],
            "23.4.2.14");
  EXPECT_EQ(
      ParseStatusFields(Fx("sentinelctl_control_status.txt"))["agent state"],
      "Enabled");
  EXPECT_EQ(ParseStatusFields(
                Fx("sentinelctl_management_status.txt"))["connectivity"],
            "On");
}

// A real capture: sentinelctl prints aligned columns, not "Key: value";
// a URL's colon stays in its value.
TEST(EdrStatusTest, SentinelctlRealCaptureInColumns) {
  auto f = ParseStatusFields(Fx("sentinelctl_glpi_30.1.1.10.txt"));
  EXPECT_EQ(f["agent version"], "30.1.1.10");
  EXPECT_EQ(f["agent state"], "Enabled");
  EXPECT_EQ(f["connectivity"], "On");
  EXPECT_EQ(f["anti tamper"], "On");
  EXPECT_EQ(f["url"], "https://server-101.sentinelone.net");
  EXPECT_EQ(f["application control (host)"], "Disabled");
}

TEST(LinuxPostureTest, UfwConfigFromDebianPackage) {
  auto conf = ParseShellAssignments(Fx("ufw.conf.debian"));
  EXPECT_EQ(conf["ENABLED"], "no");
  EXPECT_EQ(conf["LOGLEVEL"], "low");
  EXPECT_EQ(
      ParseShellAssignments(Fx("default_ufw.debian"))["DEFAULT_INPUT_POLICY"],
      "DROP");
}

TEST(LinuxPostureTest, NftRuleset) {
  auto s = ParseNftRuleset(Fx("nft_ruleset.json"));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->tables, 1u);
  EXPECT_EQ(s->rules, 2u);
  EXPECT_EQ(s->input_chains, 1u);
  EXPECT_EQ(s->input_drop_policy, 1u);
  auto empty = ParseNftRuleset(Fx("nft_ruleset_empty.json"));
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->rules, 0u);
  EXPECT_FALSE(ParseNftRuleset("Error: Operation not permitted"));
  EXPECT_FALSE(ParseNftRuleset("{\"x\":1}"));
}

TEST(LinuxPostureTest, RootDeviceAndCryptType) {
  EXPECT_EQ(RootDeviceNumber(Fx("mountinfo_lvm_luks")), "254:1");
  EXPECT_FALSE(RootDeviceNumber("23 28 0:22 / /proc rw - proc proc rw\n"));
  EXPECT_EQ(CryptTypeFromDmUuid(
                "CRYPT-LUKS2-3f4e5d6c7b8a49d0a1b2c3d4e5f60718-sda3_crypt\n"),
            "luks2");
  EXPECT_EQ(CryptTypeFromDmUuid("CRYPT-LUKS1-0123-x"), "luks1");
  EXPECT_EQ(CryptTypeFromDmUuid("CRYPT-PLAIN-swap"), "crypt");
  EXPECT_EQ(CryptTypeFromDmUuid("LVM-abcdef"), "");
}

TEST(LinuxPostureTest, AptConfigLaterFilesWinInBothSyntaxes) {
  std::string a = Fx("apt_20auto-upgrades"), b = Fx("apt_99disable");
  EXPECT_EQ(AptConfigValue({a}, "APT::Periodic::Unattended-Upgrade"), "1");
  EXPECT_EQ(AptConfigValue({a, b}, "apt::periodic::unattended-upgrade"), "0");
  EXPECT_EQ(AptConfigValue({b, a}, "APT::Periodic::Unattended-Upgrade"), "1");
  EXPECT_FALSE(AptConfigValue({a}, "APT::Periodic::Enable"));
  EXPECT_EQ(AptConfigValue({"#clear APT::X;\nAPT::X \"2\"; // c\n"}, "APT::X"),
            "2");
}

TEST(LinuxPostureTest, DnfAutomatic) {
  EXPECT_EQ(IniValue(Fx("dnf_automatic.conf"), "commands", "apply_updates"),
            "yes");
  EXPECT_FALSE(IniValue(Fx("dnf_automatic.conf"), "emitters", "apply_updates"));
}

TEST(WindowsStatusTest, WscProductStateDecodedCorrectly) {
  // 397568 = 0x061100: Windows Defender, antivirus + autoupdate, on, current.
  auto d = DecodeWscProductState(397568);
  EXPECT_EQ(d.providers, 0x06);
  EXPECT_EQ(d.scanner, WscProductState::Scanner::kOn);
  EXPECT_TRUE(d.microsoft_owned);
  EXPECT_TRUE(d.signatures_up_to_date);
  // 0x041010: third-party antivirus, on, signatures out of date. (Reading
  // 0x10 as "enabled", as some queries do, would call this healthy.)
  d = DecodeWscProductState(0x041010);
  EXPECT_EQ(d.scanner, WscProductState::Scanner::kOn);
  EXPECT_FALSE(d.signatures_up_to_date);
  EXPECT_FALSE(d.microsoft_owned);
  // 393472 = 0x060100: Defender off (a third-party product took over).
  d = DecodeWscProductState(393472);
  EXPECT_EQ(d.scanner, WscProductState::Scanner::kOff);
  EXPECT_EQ(DecodeWscProductState(0x042000).scanner,
            WscProductState::Scanner::kSnoozed);
  EXPECT_EQ(DecodeWscProductState(0x043000).scanner,
            WscProductState::Scanner::kExpired);
}

TEST(WindowsStatusTest, MpComputerStatusPowerShell51) {
  v1::ProtectionProduct p;
  ASSERT_TRUE(ParseMpComputerStatus(Fx("mp_computer_status_ps51.json"), p));
  EXPECT_EQ(p.version(), "4.18.24030.9");
  EXPECT_EQ(p.running(), v1::TRI_STATE_YES);
  EXPECT_EQ(p.realtime_protection(), v1::TRI_STATE_YES);
  EXPECT_EQ(p.signature_version(), "1.411.110.0");
  EXPECT_EQ(p.signature_time().seconds(), 1714521600);
  EXPECT_EQ(p.issues_size(), 0);
}

TEST(WindowsStatusTest, MpComputerStatusPowerShell7Passive) {
  v1::ProtectionProduct p;
  ASSERT_TRUE(
      ParseMpComputerStatus(Fx("mp_computer_status_ps7_passive.json"), p));
  EXPECT_EQ(p.signature_time().seconds(), 1709269950);
  EXPECT_EQ(p.realtime_protection(), v1::TRI_STATE_NO);
  std::vector<std::string> issues(p.issues().begin(), p.issues().end());
  EXPECT_EQ(issues, (std::vector<std::string>{"signatures out of date",
                                              "tamper protection off",
                                              "running mode Passive Mode"}));
  EXPECT_FALSE(ParseMpComputerStatus("\xEF\xBB\xBF[]", p));
}

TEST(WindowsStatusTest, BitLocker) {
  auto d = ParseBitLockerVolumes(Fx("bitlocker_volumes.json"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->volume(), "C:");
  EXPECT_EQ(d->encrypted(), v1::TRI_STATE_YES);
  auto suspended = ParseBitLockerVolumes(Fx("bitlocker_suspended.json"));
  ASSERT_TRUE(suspended);
  EXPECT_EQ(suspended->encrypted(), v1::TRI_STATE_NO);
  EXPECT_FALSE(ParseBitLockerVolumes("[]"));
  EXPECT_FALSE(ParseBitLockerVolumes("Access denied"));
}

TEST(WindowsStatusTest, PowerShellDates) {
  EXPECT_EQ(ParsePowerShellDate("/Date(1714521600000)/"), 1714521600);
  EXPECT_EQ(ParsePowerShellDate("/Date(1714521600000+0200)/"), 1714521600);
  EXPECT_EQ(ParsePowerShellDate("2024-05-01T00:00:00Z"), 1714521600);
  EXPECT_FALSE(ParsePowerShellDate("/Date(abc)/"));
}

TEST(MacosStatusTest, FileVaultGatekeeperFirewallXProtect) {
  EXPECT_EQ(ParseFdesetupStatus(Fx("fdesetup_on.txt")).encrypted(),
            v1::TRI_STATE_YES);
  EXPECT_EQ(ParseFdesetupStatus(Fx("fdesetup_off.txt")).encrypted(),
            v1::TRI_STATE_NO);
  EXPECT_EQ(ParseFdesetupStatus(Fx("fdesetup_progress.txt")).encrypted(),
            v1::TRI_STATE_NO);
  EXPECT_EQ(ParseFdesetupStatus("").encrypted(), v1::TRI_STATE_UNKNOWN);
  EXPECT_EQ(ParseSpctlStatus(Fx("spctl_enabled.txt")), v1::TRI_STATE_YES);
  EXPECT_EQ(ParseSpctlStatus("assessments disabled"), v1::TRI_STATE_NO);
  EXPECT_EQ(ParseAlfGlobalState(Fx("alf_enabled.txt")).enabled(),
            v1::TRI_STATE_YES);
  EXPECT_EQ(ParseAlfGlobalState(Fx("alf_disabled.txt")).enabled(),
            v1::TRI_STATE_NO);
  // Real outputs (SOURCES.md): state 2 with block all off and stealth on,
  // and macOS 15's wording for block all.
  auto kolide = ParseAlfGlobalState(Fx("socketfilterfw_kolide_state2.txt"));
  EXPECT_EQ(kolide.enabled(), v1::TRI_STATE_YES);
  EXPECT_EQ(kolide.detail(), "enabled, block all off, stealth mode (state 2)");
  auto sequoia = ParseAlfGlobalState(Fx("socketfilterfw_blocking_sequoia.txt"));
  EXPECT_EQ(sequoia.enabled(), v1::TRI_STATE_YES);
  EXPECT_EQ(sequoia.detail(),
            "blocking all non-essential incoming connections (state 2)");
  EXPECT_EQ(ParseAlfGlobalState(Fx("alf_enabled.txt")).detail(),
            "enabled (state 1)");
  EXPECT_EQ(ParseAlfGlobalState(Fx("alf_disabled.txt")).detail(),
            "off (state 0)");
  auto xp = ParseXProtectVersion(Fx("xprotect_info.plist"));
  ASSERT_TRUE(xp);
  EXPECT_EQ(*xp, "5272");
  EXPECT_FALSE(ParseXProtectVersion("<plist><dict></dict></plist>"));
}

}  // namespace
}  // namespace surveyor::collectors::protection
