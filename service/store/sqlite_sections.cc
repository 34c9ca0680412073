// SqliteStore: sections and software history rows (section_rows.h).
#include <algorithm>
#include <set>
#include <string_view>

#include "service/store/extension_sql.h"
#include "service/store/sqlite_store.h"

namespace surveyor::service {

using common::Blob;
using common::Error;
using common::ErrorCode;
using common::Statement;

namespace {

std::expected<StoredSection, Error> ReadSection(const Statement& s) {
  StoredSection out;
  auto blob = s.ColumnBlob(0);
  if (!out.section.ParseFromArray(blob.data(), static_cast<int>(blob.size()))) {
    return common::Fail(
        ErrorCode::kInternal,
        "stored section '" + std::string(s.ColumnText(4)) + "' does not parse");
  }
  // The column is what deltas are checked against.
  out.section.set_content_hash(std::string(s.ColumnBlob(1)));
  if (!s.ColumnIsNull(2)) {
    out.digest = common::MultisetDigest::FromState(s.ColumnBlob(2));
  }
  out.error_streak = s.ColumnInt(3);
  return out;
}

// A row of "SELECT source, name, arch, variant, version FROM software".
SoftwareKey KeyOfRow(const Statement& s) {
  return SoftwareKey{s.ColumnInt(0), std::string(s.ColumnText(1)),
                     std::string(s.ColumnText(2)), std::string(s.ColumnText(3)),
                     std::string(s.ColumnText(4))};
}

}  // namespace

std::expected<std::optional<StoredSection>, Error> SqliteStore::LoadSection(
    std::int64_t host_id, const std::string& collector) {
  std::optional<StoredSection> out;
  SURVEYOR_TRY(q_.ForEach(
      "SELECT section, content_hash, digest, error_streak, collector "
      "FROM sections WHERE host_id = ? AND collector = ?",
      [&](const Statement& s) -> std::expected<void, Error> {
        SURVEYOR_ASSIGN_OR_RETURN(out, ReadSection(s));
        return {};
      },
      host_id, collector));
  return out;
}

std::expected<std::vector<StoredSection>, Error> SqliteStore::HostSections(
    std::int64_t host_id) {
  std::vector<StoredSection> out;
  SURVEYOR_TRY(q_.ForEach(
      "SELECT section, content_hash, digest, error_streak, collector "
      "FROM sections WHERE host_id = ? ORDER BY collector",
      [&](const Statement& s) -> std::expected<void, Error> {
        SURVEYOR_ASSIGN_OR_RETURN(auto section, ReadSection(s));
        out.push_back(std::move(section));
        return {};
      },
      host_id));
  return out;
}

std::expected<void, Error> SqliteStore::PutSection(std::int64_t host_id,
                                                   const StoredSection& stored,
                                                   std::int64_t now) {
  std::string digest_state;
  std::optional<Blob> digest;
  if (stored.digest) {
    digest_state = stored.digest->State();
    digest = Blob{digest_state};
  }
  return q_.Exec(
      "INSERT INTO sections (host_id, collector, content_hash, section, "
      "digest, updated_at, error_streak) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (host_id, collector) DO UPDATE SET "
      "content_hash = excluded.content_hash, section = excluded.section, "
      "digest = excluded.digest, updated_at = excluded.updated_at, "
      "error_streak = excluded.error_streak",
      host_id, stored.section.collector(), Blob{stored.section.content_hash()},
      Blob{stored.section.SerializeAsString()}, digest, now,
      stored.error_streak);
}

std::expected<void, Error> SqliteStore::ApplySoftwareChanges(
    std::int64_t host_id, const KeyChanges& changes, bool initial,
    std::int64_t now) {
  for (const SoftwareKey& k : changes.removed) {
    SURVEYOR_TRY(q_.Exec(
        "UPDATE software SET removed_at = ? WHERE rowid = (SELECT rowid FROM "
        "software WHERE host_id = ? AND source = ? AND name = ? AND arch = ? "
        "AND variant = ? AND version = ? AND removed_at IS NULL LIMIT 1)",
        now, host_id, k.source, k.name, k.arch, k.variant, k.version));
  }
  for (const SoftwareKey& k : changes.added) {
    const NewRowColumns c = NewRowDetails(changes, k);
    SURVEYOR_TRY(q_.Exec(
        "INSERT INTO software (host_id, source, name, arch, variant, version, "
        "first_seen, initial, publisher, installed_at, display_name, "
        "all_sites) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        host_id, k.source, k.name, k.arch, k.variant, k.version, now, initial,
        c.publisher, c.installed_at, c.display_name, c.all_sites));
  }
  return {};
}

std::expected<std::vector<SoftwareKey>, Error> SqliteStore::CurrentKeys(
    std::int64_t host_id) {
  auto keys = q_.List<SoftwareKey>(
      "SELECT source, name, arch, variant, version FROM software "
      "WHERE host_id = ? AND removed_at IS NULL",
      KeyOfRow, host_id);
  if (keys) std::sort(keys->begin(), keys->end());
  return keys;
}

std::expected<std::vector<SoftwareKey>, Error> SqliteStore::CurrentKeysOf(
    std::int64_t host_id, const std::vector<SoftwareKey>& packages) {
  std::set<std::pair<std::int64_t, std::string_view>> seen;
  std::vector<SoftwareKey> keys;
  for (const SoftwareKey& p : packages) {
    if (!seen.emplace(p.source, p.name).second) continue;
    SURVEYOR_ASSIGN_OR_RETURN(
        auto some,
        q_.List<SoftwareKey>(
            "SELECT source, name, arch, variant, version FROM software "
            "WHERE host_id = ? AND source = ? AND name = ? "
            "AND removed_at IS NULL",
            KeyOfRow, host_id, p.source, p.name));
    for (auto& k : some) keys.push_back(std::move(k));
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::expected<std::vector<AllSitesExtension>, Error>
SqliteStore::AllSitesExtensions(std::int64_t host_id) {
  return q_.List<AllSitesExtension>(
      kAllSitesExtensionsSql,
      [](const Statement& s) {
        return AllSitesExtension{
            std::string(s.ColumnText(0)), std::string(s.ColumnText(1)),
            std::string(s.ColumnText(2)), std::string(s.ColumnText(3))};
      },
      host_id, static_cast<std::int64_t>(v1::PACKAGE_SOURCE_BROWSER));
}

}  // namespace surveyor::service
