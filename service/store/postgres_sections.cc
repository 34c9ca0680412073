// PostgresStore: sections and software history rows (section_rows.h).
#include <algorithm>
#include <set>
#include <string_view>

#include "service/store/extension_sql.h"
#include "service/store/postgres_store.h"

namespace surveyor::service {

using common::Blob;
using common::Error;
using common::ErrorCode;
using common::PgResult;

namespace {

// Columns: section, content_hash, digest, error_streak, collector.
std::expected<StoredSection, Error> ReadSection(const PgResult& r, int i) {
  StoredSection out;
  auto blob = r.Bytes(i, 0);
  if (!out.section.ParseFromArray(blob.data(), static_cast<int>(blob.size()))) {
    return common::Fail(
        ErrorCode::kInternal,
        "stored section '" + std::string(r.Bytes(i, 4)) + "' does not parse");
  }
  out.section.set_content_hash(std::string(r.Bytes(i, 1)));
  if (!r.IsNull(i, 2)) {
    out.digest = common::MultisetDigest::FromState(r.Bytes(i, 2));
  }
  out.error_streak = r.Int(i, 3);
  return out;
}

// Rows added at once from this many on go in by COPY, not one INSERT each.
constexpr std::size_t kCopyFrom = 16;

// A row of "SELECT source, name, arch, variant, version FROM software".
SoftwareKey KeyOfRow(const PgResult& r, int i) {
  return SoftwareKey{r.Int(i, 0), std::string(r.Bytes(i, 1)),
                     std::string(r.Bytes(i, 2)), std::string(r.Bytes(i, 3)),
                     std::string(r.Bytes(i, 4))};
}

}  // namespace

std::expected<std::optional<StoredSection>, Error> PostgresStore::LoadSection(
    std::int64_t host_id, const std::string& collector) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto r, Q("SELECT section, content_hash, digest, error_streak, "
                "collector FROM sections WHERE host_id = $1 AND "
                "collector = $2",
                host_id, collector));
  if (r.rows() == 0) return std::optional<StoredSection>();
  SURVEYOR_ASSIGN_OR_RETURN(auto s, ReadSection(r, 0));
  return std::optional<StoredSection>(std::move(s));
}

std::expected<std::vector<StoredSection>, Error> PostgresStore::HostSections(
    std::int64_t host_id) {
  SURVEYOR_ASSIGN_OR_RETURN(
      auto r, Q("SELECT section, content_hash, digest, error_streak, "
                "collector FROM sections WHERE host_id = $1 "
                "ORDER BY collector",
                host_id));
  std::vector<StoredSection> out;
  for (int i = 0; i < r.rows(); ++i) {
    SURVEYOR_ASSIGN_OR_RETURN(auto s, ReadSection(r, i));
    out.push_back(std::move(s));
  }
  return out;
}

std::expected<void, Error> PostgresStore::PutSection(
    std::int64_t host_id, const StoredSection& stored, std::int64_t now) {
  std::string digest_state;
  std::optional<Blob> digest;
  if (stored.digest) {
    digest_state = stored.digest->State();
    digest = Blob{digest_state};
  }
  SURVEYOR_TRY(Q(
      "INSERT INTO sections (host_id, collector, content_hash, "
      "section, digest, updated_at, error_streak) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) "
      "ON CONFLICT (host_id, collector) DO UPDATE SET "
      "content_hash = excluded.content_hash, "
      "section = excluded.section, digest = excluded.digest, "
      "updated_at = excluded.updated_at, "
      "error_streak = excluded.error_streak",
      host_id, stored.section.collector(), Blob{stored.section.content_hash()},
      Blob{stored.section.SerializeAsString()}, digest, now,
      stored.error_streak));
  return {};
}

std::expected<void, Error> PostgresStore::ApplySoftwareChanges(
    std::int64_t host_id, const KeyChanges& changes, bool initial,
    std::int64_t now) {
  for (const SoftwareKey& k : changes.removed) {
    SURVEYOR_TRY(
        Q("UPDATE software SET removed_at = $1 WHERE ctid = (SELECT ctid "
          "FROM software WHERE host_id = $2 AND source = $3 AND name = $4 "
          "AND arch = $5 AND variant = $6 AND version = $7 AND "
          "removed_at IS NULL LIMIT 1)",
          now, host_id, k.source, k.name, k.arch, k.variant, k.version));
  }
  if (changes.added.size() >= kCopyFrom && tx_ != nullptr) {
    // A full inventory: one COPY instead of hundreds of round trips.
    std::string rows;
    for (const SoftwareKey& k : changes.added) {
      common::CopyField(rows, host_id, /*first=*/true);
      common::CopyField(rows, k.source);
      common::CopyField(rows, k.name);
      common::CopyField(rows, k.arch);
      common::CopyField(rows, k.variant);
      common::CopyField(rows, k.version);
      common::CopyField(rows, now);
      common::CopyField(rows, initial ? "t" : "f");
      const NewRowColumns c = NewRowDetails(changes, k);
      auto optional = [&rows](const auto& v) {
        if (v) {
          common::CopyField(rows, *v);
        } else {
          rows += "\t\\N";
        }
      };
      optional(c.publisher);
      optional(c.installed_at);
      optional(c.display_name);
      optional(c.all_sites);
      rows += '\n';
    }
    return Copy(
        "COPY software (host_id, source, name, arch, variant, version, "
        "first_seen, initial, publisher, installed_at, display_name, "
        "all_sites) FROM STDIN",
        rows);
  }
  for (const SoftwareKey& k : changes.added) {
    const NewRowColumns c = NewRowDetails(changes, k);
    SURVEYOR_TRY(
        Q("INSERT INTO software (host_id, source, name, arch, "
          "variant, version, first_seen, initial, publisher, installed_at, "
          "display_name, all_sites) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
          host_id, k.source, k.name, k.arch, k.variant, k.version, now, initial,
          c.publisher, c.installed_at, c.display_name, c.all_sites));
  }
  return {};
}

std::expected<std::vector<SoftwareKey>, Error> PostgresStore::CurrentKeys(
    std::int64_t host_id) {
  auto keys = List<SoftwareKey>(
      "SELECT source, name, arch, variant, version FROM software "
      "WHERE host_id = $1 AND removed_at IS NULL",
      KeyOfRow, host_id);
  if (keys) std::sort(keys->begin(), keys->end());
  return keys;
}

std::expected<std::vector<SoftwareKey>, Error> PostgresStore::CurrentKeysOf(
    std::int64_t host_id, const std::vector<SoftwareKey>& packages) {
  if (packages.empty()) return std::vector<SoftwareKey>{};
  std::set<std::pair<std::int64_t, std::string_view>> wanted;
  std::vector<std::int64_t> sources;
  std::vector<std::string> names;
  for (const SoftwareKey& k : packages) {
    if (!wanted.emplace(k.source, k.name).second) continue;
    sources.push_back(k.source);
    names.push_back(k.name);
  }
  // Both lists are index conditions of software_current: a handful of index
  // entries read, where a join on the pairs is planned as a scan of the
  // host's whole inventory until the table has statistics. The cross
  // product's extra pairs are dropped here.
  auto keys = List<SoftwareKey>(
      "SELECT source, name, arch, variant, version FROM software "
      "WHERE host_id = $1 AND removed_at IS NULL "
      "AND source = ANY($2::bigint[]) AND name = ANY($3::text[])",
      KeyOfRow, host_id, sources, names);
  if (!keys) return keys;
  std::erase_if(*keys, [&](const SoftwareKey& k) {
    return !wanted.contains({k.source, std::string_view(k.name)});
  });
  std::sort(keys->begin(), keys->end());
  return keys;
}

std::expected<std::vector<AllSitesExtension>, Error>
PostgresStore::AllSitesExtensions(std::int64_t host_id) {
  return List<AllSitesExtension>(
      kAllSitesExtensionsSql,
      [](const PgResult& r, int i) {
        return AllSitesExtension{
            std::string(r.Bytes(i, 0)), std::string(r.Bytes(i, 1)),
            std::string(r.Bytes(i, 2)), std::string(r.Bytes(i, 3))};
      },
      host_id, static_cast<std::int64_t>(v1::PACKAGE_SOURCE_BROWSER));
}

}  // namespace surveyor::service
