// The tenant health score of the weekly digest, from the host-control gap
// findings as they stood at one instant.
//
// Formula: every host in service at T (enrolled before T, not retired then)
// is checked against every host control the tenant's policy requires
// (anti-malware, backup, disk encryption, firewall, automatic updates, agent
// reporting, collector health). A (host, control) pair fails when a gap
// finding of that control naming the host was open at T. Score = 100 x
// passing pairs / all pairs, rounded half up; no score without hosts.
// Bands as RMM executive reports print them: 95-100 Excellent, 90-94 Good,
// 80-89 Fair, 50-79 Poor, 0-49 Failing. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "service/store/rows.h"
#include "surveyor/v1/findings.pb.h"

namespace surveyor::digest {

bool InServiceAt(const service::Host& host, std::int64_t t);
bool OpenAt(const v1::Finding& finding, std::int64_t t);

std::optional<int> HealthScore(const std::vector<service::Host>& hosts,
                               const std::vector<v1::Finding>& findings,
                               const std::set<std::string>& required_controls,
                               std::int64_t at);

std::string_view ScoreBand(int score);

}  // namespace surveyor::digest
