// Builds a tenant's weekly digest (digest.h) from rows the caller read from
// the store (service/app/digest_use_case.h does). Pure: no store, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "service/digest/digest.h"
#include "service/findings/catalog.h"
#include "service/findings/policy.h"
#include "service/store/rows.h"
#include "surveyor/v1/backup.pb.h"
#include "surveyor/v1/findings.pb.h"

namespace surveyor::digest {

struct DigestInputs {
  std::string tenant, time_zone;
  IsoWeek week;
  WeekWindow window;
  // The windows of the 11 weeks before, oldest first, for the trend.
  std::vector<std::pair<IsoWeek, WeekWindow>> earlier;
  // The tenant's first week (holding the first enrollment) and its window.
  std::optional<std::pair<IsoWeek, WeekWindow>> baseline;
  std::string first_day, last_day;
  std::int64_t now = 0;
  findings::Policy policy;
  std::vector<service::Host> hosts;
  std::vector<v1::Finding> findings;     // resolved ones included
  std::vector<service::Change> changes;  // installs, removals, upgrades
  // Of the packages (source name, package name) installed this week, those
  // some host already had when the week began (the rest is new to the
  // tenant).
  std::set<std::pair<std::string, std::string>> present_at_start;
  // Each host's last backup section, by host name.
  std::vector<std::pair<std::string, v1::BackupState>> backups;
  std::optional<service::SaasAnalysis> saas;  // nullopt: no connector
};

Digest BuildDigest(const DigestInputs& in, const findings::Catalog& catalog);

// How many findings lines the digest lists in full (the rest is counted and
// linked to the server's listing).
inline constexpr std::size_t kListedFindings = 10;
inline constexpr std::size_t kTopRisks = 5;
inline constexpr std::size_t kListedHosts = 5;

}  // namespace surveyor::digest
