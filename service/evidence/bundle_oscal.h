// oscal/assessment-results.json: the assessment in NIST OSCAL Assessment
// Results (release 1.0.6): one result for the period, one observation per
// control and sampled day (collected at the day's end, with links to the
// bundle's CSV and report), one finding per control (satisfied or
// not-satisfied). UUIDs are version 5 of the tenant, framework, period and
// item, and nothing depends on the clock, so the same input gives the same
// bytes. Pure.
#pragma once

#include <string>

#include "service/evidence/bundle_model.h"

namespace surveyor::evidence {

// An OSCAL token for a control: "cis-v8-11.2", "hipaa-164.308.a.7".
std::string OscalControlId(Framework f, std::string_view control_id);

std::string AssessmentResultsJson(const BundleModel& m);

}  // namespace surveyor::evidence
