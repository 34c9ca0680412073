#include "service/evidence/frameworks.h"

namespace surveyor::evidence {
namespace {

std::string Age(std::int64_t seconds) {
  if (seconds % 86400 == 0) {
    const std::int64_t d = seconds / 86400;
    return std::to_string(d) + (d == 1 ? " day" : " days");
  }
  const std::int64_t h = seconds / 3600;
  return std::to_string(h) + (h == 1 ? " hour" : " hours");
}

}  // namespace

std::optional<Framework> ParseFramework(std::string_view id) {
  if (id == "cis-v8") return Framework::kCisV8;
  if (id == "soc2") return Framework::kSoc2;
  if (id == "hipaa") return Framework::kHipaa;
  if (id == "iso27001") return Framework::kIso27001;
  return std::nullopt;
}

std::string_view FrameworkId(Framework f) {
  switch (f) {
    case Framework::kCisV8:
      return "cis-v8";
    case Framework::kSoc2:
      return "soc2";
    case Framework::kHipaa:
      return "hipaa";
    case Framework::kIso27001:
      return "iso27001";
  }
  return {};
}

std::string_view FrameworkName(Framework f) {
  switch (f) {
    case Framework::kCisV8:
      return "CIS Controls v8";
    case Framework::kSoc2:
      return "SOC 2";
    case Framework::kHipaa:
      return "HIPAA";
    case Framework::kIso27001:
      return "ISO 27001:2022";
  }
  return {};
}

std::string_view TestId(Test t) {
  switch (t) {
    case Test::kAssetInventory:
      return "asset_inventory";
    case Test::kSoftwareInventory:
      return "software_inventory";
    case Test::kDiskEncryption:
      return "disk_encryption";
    case Test::kFirewall:
      return "firewall";
    case Test::kAutoUpdates:
      return "auto_updates";
    case Test::kAntiMalware:
      return "anti_malware";
    case Test::kBackup:
      return "backup";
    case Test::kAgentReporting:
      return "agent_reporting";
  }
  return {};
}

std::string DescribeTest(Test t, const Thresholds& th) {
  switch (t) {
    case Test::kAssetInventory:
      return "the host is in the asset inventory with an inventory report "
             "(operating system, hardware) no older than " +
             Age(th.inventory_max_age_s);
    case Test::kSoftwareInventory:
      return "the host's software inventory was received no more than " +
             Age(th.inventory_max_age_s) + " before the end of the day";
    case Test::kDiskEncryption:
      return "the agent found the system volume encrypted";
    case Test::kFirewall:
      return "the agent found the host firewall enabled";
    case Test::kAutoUpdates:
      return "the agent found automatic operating-system updates enabled";
    case Test::kAntiMalware:
      return "at least one anti-malware product present, running with "
             "real-time protection not off, and signatures no older than " +
             Age(th.signature_max_age_s) + " (when the product tells)";
    case Test::kBackup:
      return "last successful backup within " + Age(th.backup_max_age_s) +
             " of the end of the day";
    case Test::kAgentReporting:
      return "the monitoring agent reported within " +
             Age(th.report_max_age_s) + " of the end of the day";
  }
  return {};
}

std::vector<Control> Controls(Framework f) {
  using T = Test;
  switch (f) {
    case Framework::kCisV8:
      return {
          {"1.1",
           "Establish and Maintain Detailed Enterprise Asset Inventory",
           {T::kAssetInventory}},
          {"2.1",
           "Establish and Maintain a Software Inventory",
           {T::kSoftwareInventory}},
          {"3.6", "Encrypt Data on End-User Devices", {T::kDiskEncryption}},
          {"4.4", "Implement and Manage a Firewall on Servers", {T::kFirewall}},
          {"4.5",
           "Implement and Manage a Firewall on End-User Devices",
           {T::kFirewall}},
          {"7.3",
           "Perform Automated Operating System Patch Management",
           {T::kAutoUpdates}},
          {"10.1",
           "Deploy and Maintain Anti-Malware Software",
           {T::kAntiMalware}},
          {"11.2", "Perform Automated Backups", {T::kBackup}},
      };
    case Framework::kSoc2:
      return {
          {"CC6.1",
           "Logical access security: inventory of information assets; "
           "encryption to protect data",
           {T::kAssetInventory, T::kDiskEncryption}},
          {"CC6.8",
           "Prevents or detects unauthorized or malicious software: software "
           "inventory; anti-malware",
           {T::kSoftwareInventory, T::kAntiMalware}},
          {"CC7.1",
           "Detects configuration changes and unknown components: monitoring "
           "of every system",
           {T::kAgentReporting, T::kSoftwareInventory}},
          {"A1.2",
           "Data back-up processes and recovery infrastructure",
           {T::kBackup}},
      };
    case Framework::kHipaa:
      return {
          {"164.308(a)(5)",
           "Security awareness and training: protection "
           "from malicious software",
           {T::kAntiMalware}},
          {"164.308(a)(7)", "Contingency plan: data backup plan", {T::kBackup}},
          {"164.310(d)(2)(iii)",
           "Device and media controls: accountability",
           {T::kAssetInventory}},
          {"164.312(a)(2)(iv)",
           "Access control: encryption and decryption",
           {T::kDiskEncryption}},
          {"164.312(b)", "Audit controls", {T::kAgentReporting}},
      };
    case Framework::kIso27001:
      return {
          {"A.5.9",
           "Inventory of information and other associated assets",
           {T::kAssetInventory, T::kSoftwareInventory}},
          {"A.8.1",
           "User endpoint devices",
           {T::kDiskEncryption, T::kFirewall, T::kAntiMalware}},
          {"A.8.7", "Protection against malware", {T::kAntiMalware}},
          {"A.8.8",
           "Management of technical vulnerabilities",
           {T::kAutoUpdates}},
          {"A.8.13", "Information backup", {T::kBackup}},
          {"A.8.24", "Use of cryptography", {T::kDiskEncryption}},
      };
  }
  return {};
}

bool ReferenceBearsOn(Framework f, const Control& control,
                      std::string_view ref_framework, std::string_view ref_id) {
  if (ref_framework != FrameworkName(f)) return false;
  auto family = [](std::string_view id) {
    return id == "4.4" || id == "4.5" ? std::string_view("4.4/4.5") : id;
  };
  if (family(ref_id) == family(control.id)) return true;
  // A sub-item: "164.308(a)(5)(ii)(B)" under "164.308(a)(5)".
  return ref_id.size() > control.id.size() && ref_id.starts_with(control.id) &&
         ref_id[control.id.size()] == '(';
}

}  // namespace surveyor::evidence
