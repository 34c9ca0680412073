// Everything a bundle's files are written from: the assessment and what the
// auditor needs beside it (the asset details, the findings history). Built
// by service/app/evidence_export.h from the store; the writers
// (bundle_csv.h, bundle_html.h, bundle_oscal.h) are pure functions of it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/evidence/assessment.h"

namespace surveyor::evidence {

struct AssetDetails {
  std::optional<ReportDay> last_report;  // as of the period's end
  std::string hardware;  // "Dell Inc. Latitude 7440, serial ABC"
  std::string architecture;
};

// A finding bearing on one of the framework's controls that was open at
// some time in the period.
struct FindingRecord {
  std::string key;
  std::string kind;
  std::string severity;
  std::string title;
  std::vector<std::string> hosts;     // host names
  std::vector<std::string> controls;  // this framework's control ids
  std::int64_t opened = 0;
  std::int64_t resolved = 0;  // 0: still open at the period's end
};

struct BundleModel {
  std::string tenant;
  Assessment assessment;
  std::map<std::int64_t, AssetDetails> assets;  // by host id
  std::vector<FindingRecord> findings;
  // Days before this one are outside the kept history (0: all kept).
  std::int64_t retained_since_day = 0;
  // Host id -> index in assessment.population (IndexHosts).
  std::map<std::int64_t, std::size_t> host_index;
};

// Fills host_index; call once the assessment is final.
void IndexHosts(BundleModel& m);
// The population member by id, or null.
const HostRecord* FindHost(const BundleModel& m, std::int64_t id);

}  // namespace surveyor::evidence
