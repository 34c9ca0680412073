#include "service/findings/controls.h"

#include <initializer_list>
#include <string>

namespace surveyor::findings {
namespace {

struct Ref {
  const char* framework;
  const char* id;
  const char* title;
};

constexpr const char* kCis = "CIS Controls v8";
constexpr const char* kSoc2 = "SOC 2";
constexpr const char* kHipaa = "HIPAA";
constexpr const char* kIso = "ISO 27001:2022";

std::vector<v1::ControlReference> Make(std::initializer_list<Ref> refs) {
  std::vector<v1::ControlReference> out;
  for (const Ref& r : refs) {
    v1::ControlReference c;
    c.set_framework(r.framework);
    c.set_id(r.id);
    c.set_title(r.title);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

std::vector<v1::ControlReference> ControlReferences(std::string_view kind) {
  if (kind == "no-anti-malware" || kind == "protection-disabled" ||
      kind == "protection-conflict" || kind == "protection-not-working") {
    return Make({
        {kCis, "10.1", "Deploy and Maintain Anti-Malware Software"},
        {kSoc2, "CC6.8", "Uses Antivirus and Anti-Malware Software"},
        {kHipaa, "164.308(a)(5)(ii)(B)", "Protection from Malicious Software"},
        {kIso, "A.8.7", "Protection against malware"},
    });
  }
  if (kind == "signatures-stale") {
    return Make({
        {kCis, "10.2", "Configure Automatic Anti-Malware Signature Updates"},
        {kSoc2, "CC6.8", "Uses Antivirus and Anti-Malware Software"},
        {kHipaa, "164.308(a)(5)(ii)(B)", "Protection from Malicious Software"},
        {kIso, "A.8.7", "Protection against malware"},
    });
  }
  if (kind == "no-backup" || kind == "backup-stale") {
    return Make({
        {kCis, "11.2", "Perform Automated Backups"},
        {kSoc2, "A1.2", "Data back-up processes and recovery infrastructure"},
        {kHipaa, "164.308(a)(7)(ii)(A)", "Data Backup Plan"},
        {kIso, "A.8.13", "Information backup"},
    });
  }
  if (kind == "licence-waste") {
    return Make({
        {kCis, "5.1", "Establish and Maintain an Inventory of Accounts"},
        {kCis, "5.3", "Disable Dormant Accounts"},
        {kSoc2, "CC6.2", "Registers and authorizes new users; removes access"},
        {kIso, "A.5.18", "Access rights"},
    });
  }
  if (kind == "saas-renewal") {
    return Make({
        {kCis, "5.1", "Establish and Maintain an Inventory of Accounts"},
        {kSoc2, "CC9.2", "Assesses and manages risks associated with vendors"},
        {kIso, "A.5.22",
         "Monitoring, review and change management of supplier services"},
    });
  }
  if (kind == "saas-shadow-it") {
    return Make({
        {kCis, "2.1", "Establish and Maintain a Software Inventory"},
        {kCis, "2.3", "Address Unauthorized Software"},
        {kSoc2, "CC6.8", "Restricts Application and Software Installation"},
        {kIso, "A.5.9",
         "Inventory of information and other associated "
         "assets"},
        {kIso, "A.5.23", "Information security for use of cloud services"},
    });
  }
  if (kind == "offboarding-gap") {
    return Make({
        {kCis, "5.3", "Disable Dormant Accounts"},
        {kCis, "6.2", "Establish an Access Revoking Process"},
        {kSoc2, "CC6.2", "Registers and authorizes new users; removes access"},
        {kSoc2, "CC6.3", "Authorizes, modifies, or removes access"},
        {kHipaa, "164.308(a)(3)(ii)(C)", "Termination Procedures"},
        {kIso, "A.5.18", "Access rights"},
    });
  }
  if (kind == "disk-not-encrypted") {
    return Make({
        {kCis, "3.6", "Encrypt Data on End-User Devices"},
        {kSoc2, "CC6.1", "Uses Encryption to Protect Data"},
        {kSoc2, "CC6.7",
         "Restricts the transmission, movement and removal of "
         "information"},
        {kHipaa, "164.312(a)(2)(iv)", "Encryption and Decryption"},
        {kIso, "A.8.1", "User endpoint devices"},
        {kIso, "A.8.24", "Use of cryptography"},
    });
  }
  if (kind == "firewall-off") {
    return Make({
        {kCis, "4.5", "Implement and Manage a Firewall on End-User Devices"},
        {kCis, "4.4", "Implement and Manage a Firewall on Servers"},
        {kSoc2, "CC6.6",
         "Logical access security measures against threats "
         "from outside system boundaries"},
        {kIso, "A.8.20", "Networks security"},
    });
  }
  if (kind == "auto-updates-off") {
    return Make({
        {kCis, "7.3", "Perform Automated Operating System Patch Management"},
        {kSoc2, "CC7.1",
         "Detects susceptibilities to newly discovered "
         "vulnerabilities"},
        {kHipaa, "164.308(a)(1)(ii)(B)", "Risk Management"},
        {kIso, "A.8.8", "Management of technical vulnerabilities"},
    });
  }
  if (kind == "agent-silent" || kind == "collector-failing" ||
      kind == "duplicate-identity") {
    return Make({
        {kCis, "1.1",
         "Establish and Maintain Detailed Enterprise Asset "
         "Inventory"},
        {kCis, "2.1", "Establish and Maintain a Software Inventory"},
        {kSoc2, "CC6.1",
         "Identifies and Manages the Inventory of Information "
         "Assets"},
        {kIso, "A.5.9",
         "Inventory of information and other associated "
         "assets"},
    });
  }
  if (kind == "extension-all-sites") {
    return Make({
        {kCis, "9.4",
         "Restrict Unnecessary or Unauthorized Browser and Email Client "
         "Extensions"},
        {kCis, "2.3", "Address Unauthorized Software"},
        {kSoc2, "CC6.8", "Restricts Application and Software Installation"},
        {kIso, "A.8.19", "Installation of software on operational systems"},
    });
  }
  if (kind == "shadow-it") {
    return Make({
        {kCis, "2.3", "Address Unauthorized Software"},
        {kSoc2, "CC6.8", "Restricts Application and Software Installation"},
        {kIso, "A.8.19", "Installation of software on operational systems"},
        {kIso, "A.5.10",
         "Acceptable use of information and other associated "
         "assets"},
    });
  }
  if (kind == "overlap") {
    return Make({
        {kCis, "2.1", "Establish and Maintain a Software Inventory"},
        {kSoc2, "CC6.1",
         "Identifies and Manages the Inventory of Information "
         "Assets"},
        {kIso, "A.5.9",
         "Inventory of information and other associated "
         "assets"},
    });
  }
  return {};
}

std::string_view HostControlOfKind(std::string_view kind) {
  if (kind == "no-anti-malware" || kind == "protection-disabled" ||
      kind == "protection-conflict" || kind == "signatures-stale" ||
      kind == "protection-not-working") {
    return "anti-malware";
  }
  if (kind == "no-backup" || kind == "backup-stale") return "backup";
  if (kind == "disk-not-encrypted") return "disk-encryption";
  if (kind == "firewall-off") return "firewall";
  if (kind == "auto-updates-off") return "auto-updates";
  if (kind == "agent-silent") return "agent-reporting";
  if (kind == "collector-failing") return "collector-health";
  return {};
}

}  // namespace surveyor::findings
