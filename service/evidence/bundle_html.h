// index.html: the bundle's report for a person, opened offline (inline
// style, no scripts, nothing fetched). Per control: status, the test in
// words, the population and pass/fail per sampled day, the exceptions;
// then the population, the findings history and how to verify the bundle.
// Outside text is escaped. Pure.
#pragma once

#include <string>

#include "service/evidence/bundle_model.h"

namespace surveyor::evidence {

std::string IndexHtml(const BundleModel& m);

}  // namespace surveyor::evidence
