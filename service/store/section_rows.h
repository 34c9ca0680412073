// Storage of each host's latest section per collector, and of the software
// history rows (one per (host, package identity, version) stay: first seen,
// removed at). Storage only: which section to keep, which delta applies and
// what the history must record are decided by service/domain/ingest_plan.h.
//
// Transactions: each call is atomic on its own; inside Store::InTransaction
// it joins that transaction (ingest runs all of a snapshot in one).
// Errors: kInternal for a storage failure or a stored row that no longer
// parses. Absent rows are empty optionals, not errors.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "service/store/rows.h"
#include "service/store/software_keys.h"

namespace surveyor::service {

class SectionRows {
 public:
  virtual ~SectionRows() = default;

  virtual std::expected<std::optional<StoredSection>, common::Error>
  LoadSection(std::int64_t host_id, const std::string& collector) = 0;
  // Every stored section of a host, by collector.
  virtual std::expected<std::vector<StoredSection>, common::Error> HostSections(
      std::int64_t host_id) = 0;
  // Inserts or replaces the host's section for section.collector().
  virtual std::expected<void, common::Error> PutSection(
      std::int64_t host_id, const StoredSection& section, std::int64_t now) = 0;

  // Marks `changes.removed` removed at `now` and inserts `changes.added`
  // first seen at `now` (`initial` when they are the host's first
  // inventory).
  virtual std::expected<void, common::Error> ApplySoftwareChanges(
      std::int64_t host_id, const KeyChanges& changes, bool initial,
      std::int64_t now) = 0;
  // A host's installed software as history keys, sorted.
  virtual std::expected<std::vector<SoftwareKey>, common::Error> CurrentKeys(
      std::int64_t host_id) = 0;
  // Those of them that are one of `packages` (the same source and name,
  // any arch, variant and version), sorted: the few entries a findings
  // update re-reads, without the whole inventory.
  virtual std::expected<std::vector<SoftwareKey>, common::Error> CurrentKeysOf(
      std::int64_t host_id, const std::vector<SoftwareKey>& packages) = 0;
  // A host's installed browser extensions that can read and change every
  // site, sorted by id and variant.
  virtual std::expected<std::vector<AllSitesExtension>, common::Error>
  AllSitesExtensions(std::int64_t host_id) = 0;
};

}  // namespace surveyor::service
