// The bundle's CSV files (RFC 4180: comma-separated, CRLF, fields quoted
// when needed), for an auditor's spreadsheet. Cells that a spreadsheet would
// run as a formula (starting with = + - @ or a tab) get a leading
// apostrophe; control characters are shown as \xNN. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "service/evidence/bundle_model.h"

namespace surveyor::evidence {

// One CSV record, CRLF-terminated.
std::string CsvRecord(const std::vector<std::string>& fields);

// csv/assets.csv: every host of the population, with first and last seen.
std::string AssetsCsv(const BundleModel& m);
// csv/control_state.csv: per sampled day and host, the state and each
// test's outcome.
std::string ControlStateCsv(const BundleModel& m);
// csv/findings.csv: the findings history.
std::string FindingsCsv(const BundleModel& m);
// csv/software.csv is written a row at a time (it can be large).
std::string SoftwareCsvHeader();
std::string SoftwareCsvRecord(std::string_view agent_id,
                              std::string_view hostname,
                              std::string_view source, std::string_view name,
                              std::string_view version, std::string_view arch,
                              std::string_view publisher,
                              std::int64_t installed_at,
                              std::int64_t first_seen, bool at_enrollment);

}  // namespace surveyor::evidence
