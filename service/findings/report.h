// Findings for people and programs: the JSON the API and `findings --format
// json` print, and the terminal table. Pure; thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "surveyor/v1/findings.pb.h"

namespace surveyor::findings {

// Open before resolved, then critical, high, medium, low, then kind and key.
// critical 0, high 1, medium 2, low 3, anything else 4.
int SeverityRank(std::string_view severity);
void SortFindings(std::vector<v1::Finding>& findings);

boost::json::value FindingJson(const v1::Finding& finding);
boost::json::value FindingsJson(const std::string& tenant,
                                const std::vector<v1::Finding>& findings);

// A table with each finding's evidence and control references under it.
std::string FindingsTable(const std::vector<v1::Finding>& findings);

}  // namespace surveyor::findings
