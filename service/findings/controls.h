// Framework references for each kind of finding: CIS Controls v8
// safeguards, SOC 2 (2017 TSC) criteria, HIPAA Security Rule sections and
// ISO/IEC 27001:2022 Annex A controls, as mapped in the project's research
// notes (shared/reference/endpoint-backup-compliance.md). Stateless.
#pragma once

#include <string_view>
#include <vector>

#include "surveyor/v1/findings.pb.h"

namespace surveyor::findings {

// The references for a finding kind ("no-backup", "shadow-it", ...); empty
// for an unknown kind.
std::vector<v1::ControlReference> ControlReferences(std::string_view kind);

// The host control (catalog.h HostControls) a gap finding kind fails:
// "no-backup" -> "backup"; empty for kinds that are no host control's gap
// (overlap, shadow IT, SaaS, duplicate identity).
std::string_view HostControlOfKind(std::string_view kind);

}  // namespace surveyor::findings
