// What an evidence bundle tests, per framework: the controls (CIS Controls
// v8 IG1 safeguards, SOC 2 criteria, HIPAA Security Rule sections, ISO/IEC
// 27001:2022 Annex A controls) and the host tests each is assessed by, with
// their thresholds stated in words. The mapping follows
// shared/reference/digest-evidence-waste.md §3 and findings/controls.cc.
// Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace surveyor::evidence {

enum class Framework { kCisV8, kSoc2, kHipaa, kIso27001 };

// "cis-v8", "soc2", "hipaa", "iso27001".
std::optional<Framework> ParseFramework(std::string_view id);
std::string_view FrameworkId(Framework f);
// "CIS Controls v8", as findings/controls.cc names it in references.
std::string_view FrameworkName(Framework f);
inline constexpr std::string_view kFrameworkIds = "cis-v8|soc2|hipaa|iso27001";

// One test applied to every host of the population on a sampled day.
enum class Test {
  kAssetInventory,     // reported (hardware, OS) recently
  kSoftwareInventory,  // software inventory received recently
  kDiskEncryption,     // system volume encrypted
  kFirewall,           // host firewall enabled
  kAutoUpdates,        // automatic OS updates enabled
  kAntiMalware,        // an active product with fresh signatures
  kBackup,             // a recent successful backup
  kAgentReporting,     // monitoring agent reporting
};
inline constexpr int kTestCount = 8;

// Short column name: "asset_inventory", "disk_encryption", ...
std::string_view TestId(Test t);

// The thresholds the tests apply (the tenant policy's, see policy.h).
struct Thresholds {
  std::int64_t inventory_max_age_s = 30 * 86400;
  std::int64_t report_max_age_s = 7 * 86400;
  std::int64_t signature_max_age_s = 72 * 3600;
  std::int64_t backup_max_age_s = 48 * 3600;
};

// The test in words, with its threshold: "last successful backup within
// 2 days of the end of the sampled day".
std::string DescribeTest(Test t, const Thresholds& th);

struct Control {
  std::string id;           // "11.2", "CC6.1", "164.308(a)(7)", "A.8.13"
  std::string title;        // the framework's own title
  std::vector<Test> tests;  // a host passes when it passes all of them
};

// The controls assessed for `f`, in the framework's order.
std::vector<Control> Controls(Framework f);

// Whether a finding referencing control `ref_id` of the framework named
// `ref_framework` (findings/controls.cc) bears on `control` of `f`: the same
// framework and the same id or a sub-item of it ("164.308(a)(5)(ii)(B)" for
// "164.308(a)(5)"; "4.4" and "4.5" for either).
bool ReferenceBearsOn(Framework f, const Control& control,
                      std::string_view ref_framework, std::string_view ref_id);

}  // namespace surveyor::evidence
