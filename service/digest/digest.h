// What a weekly digest says about one tenant: the data behind the email, the
// standalone HTML and the JSON (service/digest/render_*.h). Built by
// BuildDigest (digest_builder.h) from store rows; every number here can be
// reproduced from the API for the same week (README "Weekly digest").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/digest/health_score.h"
#include "service/digest/week.h"
#include "service/domain/licence_waste.h"

namespace surveyor::digest {

// Hosts as of the end of the week.
struct HostCounts {
  std::int64_t in_service = 0;  // enrolled before the end, not retired then
  std::int64_t reporting = 0;   // of those, a snapshot within the silence
                                // threshold of the end (or after it)
  std::int64_t silent = 0;      // in service, not reporting
  std::int64_t added = 0;       // enrolled during the week
  std::int64_t retired = 0;     // retired during the week
};

struct HostLine {
  std::string hostname, agent_id, os;
  std::int64_t at = 0;  // enrolled (new) or last seen (silent)
};

struct SeverityLine {
  std::string severity;
  std::int64_t open = 0;         // open at the end of the week
  std::int64_t open_before = 0;  // open at its start
};

struct ScorePoint {
  IsoWeek week;
  std::optional<int> score;  // nullopt: no host in service then
};

// Software installed this week that no host of the tenant had when the week
// began.
struct NewSoftware {
  std::string source, name;
  std::string product;             // catalog product name, or empty
  std::string category;            // catalog category, or empty
  std::vector<std::string> hosts;  // host names
};

// Installs, removals and upgrades of one catalogued product across hosts.
struct ProductChange {
  std::string product, category;
  std::int64_t installed = 0, removed = 0, upgraded = 0;  // hosts
  std::vector<std::string> to_versions;                   // distinct
};

struct UncataloguedChanges {
  std::int64_t installed = 0, removed = 0, upgraded = 0;  // host-packages
  std::int64_t packages = 0;                              // distinct names
  std::int64_t hosts = 0;                                 // hosts touched
};

struct FindingLine {
  std::string key, kind, severity, title, evidence;
  std::vector<std::string> hosts;  // host names
  std::int64_t first_seen = 0, resolved_at = 0;
};

// Share of the hosts in service passing one framework control.
struct Coverage {
  std::string framework, id, title;
  std::int64_t passing = 0, population = 0;
};

struct BackupLine {
  std::string hostname, product, job;
  std::int64_t last_success = 0;  // 0: never
  bool stale = false;
};

struct SinceBaseline {
  IsoWeek week;  // the tenant's first week
  bool is_baseline = false;
  std::int64_t hosts_then = 0, hosts_now = 0;
  std::int64_t open_then = 0, open_now = 0;
  std::optional<int> score_then, score_now;
};

struct Digest {
  std::string tenant, time_zone;
  IsoWeek week;
  WeekWindow window;
  std::string first_day, last_day;  // local dates, Monday and Sunday
  std::int64_t generated_at = 0;

  HostCounts hosts;
  std::vector<HostLine> new_hosts, silent_hosts;
  std::optional<int> score;       // at the end of the week
  std::vector<ScorePoint> trend;  // 12 weeks, oldest first, this one last
  std::vector<SeverityLine> severities;  // critical..low

  std::vector<NewSoftware> new_software;
  std::vector<ProductChange> product_changes;
  UncataloguedChanges uncatalogued;

  std::vector<FindingLine> opened, resolved, top_risks;
  std::vector<Coverage> coverage;                  // by framework, control id
  std::vector<FindingLine> overlap_and_shadow_it;  // open at the end
  std::vector<BackupLine> backups;  // stale first, then oldest success

  bool saas_connected = false;
  service::SaasAnalysis saas;  // as of generation (seat counts are current)

  SinceBaseline baseline;
};

}  // namespace surveyor::digest
