#include "service/store/sqlite_store.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <tuple>

#include "common/random.h"
#include "common/snapshot_delta.h"
#include "service/store/host_row.h"
#include "service/store/schema.h"

namespace surveyor::service {
namespace {

using common::Error;
using common::ErrorCode;
using common::Fail;

std::string OsText(const v1::Snapshot& s) {
  for (const auto& sec : s.sections()) {
    if (sec.has_host()) {
      const auto& os = sec.host().os();
      return os.pretty_name().empty() ? os.name() : os.pretty_name();
    }
  }
  return {};
}

}  // namespace

std::expected<std::unique_ptr<SqliteStore>, Error> SqliteStore::Open(
    const std::string& data_dir) {
  if (::mkdir(data_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Fail(ErrorCode::kIo, data_dir + ": " + std::strerror(errno));
  }
  auto db = common::Database::Open(data_dir + "/surveyor.db",
                                   common::Database::Mode::kReadWrite);
  if (!db) return std::unexpected(db.error());
  SURVEYOR_TRY(
      db->ExecScript("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; "
                     "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"));
  SURVEYOR_TRY(Migrate(*db));
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(*db)));
}

std::expected<SqliteStore::ScopedStmt, Error> SqliteStore::Stmt(
    const char* sql) {
  auto it = stmts_.find(sql);
  if (it == stmts_.end()) {
    auto stmt = db_.Prepare(sql);
    if (!stmt) return std::unexpected(stmt.error());
    it = stmts_.emplace(sql, std::move(*stmt)).first;
  }
  (void)it->second.Reset();
  return ScopedStmt(&it->second);
}

// ---- Administration
// ----------------------------------------------------------

std::expected<std::string, Error> SqliteStore::AddTenant(
    const std::string& name, std::int64_t now) {
  if (name.empty() || name.size() > 128) {
    return Fail(ErrorCode::kInvalidArgument,
                "tenant name must be 1 to 128 characters");
  }
  common::Transaction tx(db_);
  SURVEYOR_TRY(tx.Begin());
  auto exists = FindTenant(name);
  if (!exists) return std::unexpected(exists.error());
  if (*exists) {
    return Fail(ErrorCode::kInvalidArgument,
                "tenant '" + name + "' already exists");
  }
  auto ins = Stmt("INSERT INTO tenants (name, created_at) VALUES (?, ?)");
  if (!ins) return std::unexpected(ins.error());
  SURVEYOR_TRY((*ins)->Bind(1, std::string_view(name)));
  SURVEYOR_TRY((*ins)->Bind(2, now));
  SURVEYOR_TRY((*ins)->Step());
  std::int64_t id = sqlite3_last_insert_rowid(db_.handle());
  std::string secret = common::NewSecret("sse_");
  auto sec = Stmt(
      "INSERT INTO enroll_secrets (tenant_id, secret_hash, created_at) "
      "VALUES (?, ?, ?)");
  if (!sec) return std::unexpected(sec.error());
  SURVEYOR_TRY((*sec)->Bind(1, id));
  SURVEYOR_TRY((*sec)->BindBlob(2, common::SecretHash(secret)));
  SURVEYOR_TRY((*sec)->Bind(3, now));
  SURVEYOR_TRY((*sec)->Step());
  SURVEYOR_TRY(tx.Commit());
  return secret;
}

std::expected<std::vector<Tenant>, Error> SqliteStore::ListTenants() {
  auto s = Stmt(
      "SELECT t.id, t.name, t.created_at, "
      "(SELECT COUNT(*) FROM hosts h WHERE h.tenant_id = t.id) "
      "FROM tenants t ORDER BY t.name");
  if (!s) return std::unexpected(s.error());
  std::vector<Tenant> out;
  while (true) {
    auto row = (*s)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(Tenant{(*s)->ColumnInt(0), std::string((*s)->ColumnText(1)),
                         (*s)->ColumnInt(2), (*s)->ColumnInt(3)});
  }
  return out;
}

std::expected<std::optional<Tenant>, Error> SqliteStore::FindTenant(
    const std::string& name) {
  auto s = Stmt("SELECT id, name, created_at FROM tenants WHERE name = ?");
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, std::string_view(name)));
  auto row = (*s)->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<Tenant>();
  return std::optional<Tenant>(Tenant{(*s)->ColumnInt(0),
                                      std::string((*s)->ColumnText(1)),
                                      (*s)->ColumnInt(2), 0});
}

std::expected<std::string, Error> SqliteStore::RotateSecret(
    const std::string& tenant, std::int64_t now) {
  common::Transaction tx(db_);
  SURVEYOR_TRY(tx.Begin());
  auto t = FindTenant(tenant);
  if (!t) return std::unexpected(t.error());
  if (!*t) return Fail(ErrorCode::kNotFound, "no tenant '" + tenant + "'");
  auto del = Stmt("DELETE FROM enroll_secrets WHERE tenant_id = ?");
  if (!del) return std::unexpected(del.error());
  SURVEYOR_TRY((*del)->Bind(1, (*t)->id));
  SURVEYOR_TRY((*del)->Step());
  std::string secret = common::NewSecret("sse_");
  auto ins = Stmt(
      "INSERT INTO enroll_secrets (tenant_id, secret_hash, created_at) "
      "VALUES (?, ?, ?)");
  if (!ins) return std::unexpected(ins.error());
  SURVEYOR_TRY((*ins)->Bind(1, (*t)->id));
  SURVEYOR_TRY((*ins)->BindBlob(2, common::SecretHash(secret)));
  SURVEYOR_TRY((*ins)->Bind(3, now));
  SURVEYOR_TRY((*ins)->Step());
  SURVEYOR_TRY(tx.Commit());
  return secret;
}

std::expected<std::string, Error> SqliteStore::AddToken(
    const std::string& tenant, std::int64_t now) {
  std::optional<std::int64_t> tenant_id;
  if (!tenant.empty()) {
    auto t = FindTenant(tenant);
    if (!t) return std::unexpected(t.error());
    if (!*t) return Fail(ErrorCode::kNotFound, "no tenant '" + tenant + "'");
    tenant_id = (*t)->id;
  }
  std::string token = common::NewSecret(tenant.empty() ? "sat_admin_" : "sat_");
  auto ins = Stmt(
      "INSERT INTO tokens (tenant_id, token_hash, created_at) VALUES (?, ?, "
      "?)");
  if (!ins) return std::unexpected(ins.error());
  if (tenant_id) {
    SURVEYOR_TRY((*ins)->Bind(1, *tenant_id));
  }
  SURVEYOR_TRY((*ins)->BindBlob(2, common::SecretHash(token)));
  SURVEYOR_TRY((*ins)->Bind(3, now));
  SURVEYOR_TRY((*ins)->Step());
  return token;
}

// ---- Agents
// -------------------------------------------------------------------

std::expected<v1::EnrollResponse, Error> SqliteStore::Enroll(
    const v1::EnrollRequest& request, std::int64_t now) {
  const std::string hash = common::SecretHash(request.enroll_secret());
  common::Transaction tx(db_);
  SURVEYOR_TRY(tx.Begin());
  auto find = Stmt(
      "SELECT tenant_id, secret_hash FROM enroll_secrets "
      "WHERE secret_hash = ?");
  if (!find) return std::unexpected(find.error());
  SURVEYOR_TRY((*find)->BindBlob(1, hash));
  auto row = (*find)->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row || !common::ConstantTimeEquals((*find)->ColumnBlob(1), hash)) {
    return Fail(ErrorCode::kPermissionDenied, "unknown enrollment secret");
  }
  std::int64_t tenant_id = (*find)->ColumnInt(0);
  if (request.host().machine_id().empty()) {
    return Fail(ErrorCode::kInvalidArgument, "enrollment without machine_id");
  }
  std::string node_key = common::NewSecret("snk_");
  v1::EnrollResponse response;
  response.set_node_key(node_key);

  auto existing =
      Stmt("SELECT agent_id FROM hosts WHERE tenant_id = ? AND machine_id = ?");
  if (!existing) return std::unexpected(existing.error());
  SURVEYOR_TRY((*existing)->Bind(1, tenant_id));
  SURVEYOR_TRY(
      (*existing)->Bind(2, std::string_view(request.host().machine_id())));
  auto found = (*existing)->Step();
  if (!found) return std::unexpected(found.error());
  if (*found) {
    // Re-enrollment: same host record and history, new key.
    response.set_agent_id(std::string((*existing)->ColumnText(0)));
    auto upd = Stmt(
        "UPDATE hosts SET node_key_hash = ?, hostname = ? "
        "WHERE agent_id = ?");
    if (!upd) return std::unexpected(upd.error());
    SURVEYOR_TRY((*upd)->BindBlob(1, common::SecretHash(node_key)));
    SURVEYOR_TRY((*upd)->Bind(2, std::string_view(request.host().hostname())));
    SURVEYOR_TRY((*upd)->Bind(3, std::string_view(response.agent_id())));
    SURVEYOR_TRY((*upd)->Step());
  } else {
    response.set_agent_id(common::NewSecret("ag_").substr(0, 27));
    auto ins = Stmt(
        "INSERT INTO hosts (tenant_id, agent_id, machine_id, hostname, "
        "node_key_hash, enrolled_at) VALUES (?, ?, ?, ?, ?, ?)");
    if (!ins) return std::unexpected(ins.error());
    SURVEYOR_TRY((*ins)->Bind(1, tenant_id));
    SURVEYOR_TRY((*ins)->Bind(2, std::string_view(response.agent_id())));
    SURVEYOR_TRY(
        (*ins)->Bind(3, std::string_view(request.host().machine_id())));
    SURVEYOR_TRY((*ins)->Bind(4, std::string_view(request.host().hostname())));
    SURVEYOR_TRY((*ins)->BindBlob(5, common::SecretHash(node_key)));
    SURVEYOR_TRY((*ins)->Bind(6, now));
    SURVEYOR_TRY((*ins)->Step());
  }
  SURVEYOR_TRY(tx.Commit());
  return response;
}

std::expected<Host, Error> SqliteStore::AuthenticateNode(
    const std::string& node_key) {
  static const std::string sql =
      std::string("SELECT ") + kHostColumns +
      ", h.node_key_hash FROM hosts h JOIN tenants t ON t.id = h.tenant_id "
      "WHERE h.node_key_hash = ?";
  auto s = Stmt(sql.c_str());
  if (!s) return std::unexpected(s.error());
  std::string hash = common::SecretHash(node_key);
  SURVEYOR_TRY((*s)->BindBlob(1, hash));
  auto row = (*s)->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row || !common::ConstantTimeEquals((*s)->ColumnBlob(10), hash)) {
    return Fail(ErrorCode::kPermissionDenied, "unknown node key");
  }
  return ReadHost(**s);
}

std::expected<void, Error> SqliteStore::ApplySoftware(std::int64_t host_id,
                                                      const KeyChanges& changes,
                                                      bool initial,
                                                      std::int64_t now,
                                                      IngestStats* stats) {
  auto rm = Stmt(
      "UPDATE software SET removed_at = ? WHERE rowid = (SELECT rowid FROM "
      "software WHERE host_id = ? AND source = ? AND name = ? AND arch = ? "
      "AND variant = ? AND version = ? AND removed_at IS NULL LIMIT 1)");
  if (!rm) return std::unexpected(rm.error());
  for (const SoftwareKey& k : changes.removed) {
    common::Statement* s = rm->get();
    (void)s->Reset();
    SURVEYOR_TRY(s->Bind(1, now));
    SURVEYOR_TRY(s->Bind(2, host_id));
    SURVEYOR_TRY(s->Bind(3, k.source));
    SURVEYOR_TRY(s->Bind(4, std::string_view(k.name)));
    SURVEYOR_TRY(s->Bind(5, std::string_view(k.arch)));
    SURVEYOR_TRY(s->Bind(6, std::string_view(k.variant)));
    SURVEYOR_TRY(s->Bind(7, std::string_view(k.version)));
    SURVEYOR_TRY(s->Step());
  }
  auto add = Stmt(
      "INSERT INTO software (host_id, source, name, arch, variant, version, "
      "first_seen, initial) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!add) return std::unexpected(add.error());
  for (const SoftwareKey& k : changes.added) {
    common::Statement* s = add->get();
    (void)s->Reset();
    SURVEYOR_TRY(s->Bind(1, host_id));
    SURVEYOR_TRY(s->Bind(2, k.source));
    SURVEYOR_TRY(s->Bind(3, std::string_view(k.name)));
    SURVEYOR_TRY(s->Bind(4, std::string_view(k.arch)));
    SURVEYOR_TRY(s->Bind(5, std::string_view(k.variant)));
    SURVEYOR_TRY(s->Bind(6, std::string_view(k.version)));
    SURVEYOR_TRY(s->Bind(7, now));
    SURVEYOR_TRY(s->Bind(8, std::int64_t{initial ? 1 : 0}));
    SURVEYOR_TRY(s->Step());
  }
  if (stats) {
    stats->packages_added += changes.added.size();
    stats->packages_removed += changes.removed.size();
    stats->software_added.insert(stats->software_added.end(),
                                 changes.added.begin(), changes.added.end());
    stats->software_removed.insert(stats->software_removed.end(),
                                   changes.removed.begin(),
                                   changes.removed.end());
  }
  return {};
}

std::expected<std::vector<SoftwareKey>, Error> SqliteStore::CurrentKeys(
    std::int64_t host_id) {
  auto s = Stmt(
      "SELECT source, name, arch, variant, version FROM software "
      "WHERE host_id = ? AND removed_at IS NULL");
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, host_id));
  std::vector<SoftwareKey> keys;
  while (true) {
    auto row = (*s)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    keys.push_back(SoftwareKey{
        (*s)->ColumnInt(0), std::string((*s)->ColumnText(1)),
        std::string((*s)->ColumnText(2)), std::string((*s)->ColumnText(3)),
        std::string((*s)->ColumnText(4))});
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

namespace {

// The section without its payload: what is kept of a software section.
v1::Section Envelope(const v1::Section& in) {
  v1::Section out;
  out.set_collector(in.collector());
  out.set_content_hash(in.content_hash());
  *out.mutable_errors() = in.errors();
  if (in.has_collected_at()) {
    *out.mutable_collected_at() = in.collected_at();
  }
  out.set_duration_us(in.duration_us());
  return out;
}

}  // namespace

std::expected<void, Error> SqliteStore::IngestSections(
    const Host& host, const v1::Snapshot& snapshot, std::int64_t now,
    v1::SubmitResponse& response, IngestStats* stats) {
  auto put = Stmt(
      "INSERT INTO sections (host_id, collector, content_hash, section, "
      "digest, updated_at, error_streak) VALUES (?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (host_id, collector) DO UPDATE SET "
      "content_hash = excluded.content_hash, section = excluded.section, "
      "digest = excluded.digest, updated_at = excluded.updated_at, "
      "error_streak = excluded.error_streak");
  if (!put) return std::unexpected(put.error());
  for (const v1::Section& in : snapshot.sections()) {
    if (in.collector().empty() || in.collector().size() > 64) {
      return Fail(ErrorCode::kInvalidArgument,
                  "section without a collector name");
    }
    auto stored = LoadSection(host.id, in.collector());
    if (!stored) return std::unexpected(stored.error());
    std::string stored_hash =
        *stored ? (*stored)->section.content_hash() : std::string();

    v1::Section full;  // What is stored for the section after this snapshot.
    std::optional<common::MultisetDigest> digest;
    std::optional<KeyChanges> changes;  // For the software history.
    if (in.unchanged()) {
      if (!*stored || stored_hash != in.content_hash()) {
        response.add_resend_full(in.collector());
        continue;
      }
      // Same payload; errors and times are the new ones.
      full = std::move((*stored)->section);
      digest = (*stored)->digest;
      *full.mutable_errors() = in.errors();
      *full.mutable_collected_at() = in.collected_at();
      full.set_duration_us(in.duration_us());
    } else if (in.has_software_delta()) {
      const auto& delta = in.software_delta();
      if (!*stored || !(*stored)->digest || stored_hash != delta.base_hash()) {
        response.add_resend_full(in.collector());
        continue;
      }
      digest = (*stored)->digest;
      common::ApplySoftwareDeltaToDigest(delta, *digest);
      if (common::SoftwareContentHash(*digest, delta.sources_present()) !=
          in.content_hash()) {
        response.add_resend_full(in.collector());
        continue;
      }
      full = Envelope(in);  // content_hash verified just above.
      *full.mutable_software()->mutable_sources_present() =
          delta.sources_present();
      changes = DiffKeys(InstalledKeys(delta.removed()),
                         InstalledKeys(delta.added()));
    } else if (in.has_software()) {
      full = Envelope(in);
      digest = common::SoftwarePackagesDigest(in.software());
      full.set_content_hash(common::SoftwareContentHash(
          *digest, in.software().sources_present()));
      *full.mutable_software()->mutable_sources_present() =
          in.software().sources_present();
      if (!*stored || !(*stored)->digest ||
          full.content_hash() != stored_hash) {
        std::vector<SoftwareKey> before;
        if (*stored) {
          auto current = CurrentKeys(host.id);
          if (!current) return std::unexpected(current.error());
          before = std::move(*current);
        }
        changes = DiffKeys(before, InstalledKeys(in.software().packages()));
      }
    } else {
      full = in;
      full.set_unchanged(false);
      full.set_content_hash(common::SectionPayloadHash(full));
    }
    if (changes) {
      SURVEYOR_TRY(
          ApplySoftware(host.id, *changes, /*initial=*/!*stored, now, stats));
    }
    std::int64_t before_streak = *stored ? (*stored)->error_streak : 0;
    std::int64_t streak = in.errors().empty() ? 0 : before_streak + 1;
    if (stats != nullptr && (full.content_hash() != stored_hash || streak > 0 ||
                             before_streak > 0)) {
      stats->touched_collectors.push_back(in.collector());
      if (streak > 0 || before_streak > 0) {
        stats->error_collectors.push_back(in.collector());
      }
    }
    common::Statement* s = put->get();
    (void)s->Reset();
    SURVEYOR_TRY(s->Bind(1, host.id));
    SURVEYOR_TRY(s->Bind(2, std::string_view(in.collector())));
    SURVEYOR_TRY(s->BindBlob(3, full.content_hash()));
    SURVEYOR_TRY(s->BindBlob(4, full.SerializeAsString()));
    if (digest) {
      SURVEYOR_TRY(s->BindBlob(5, digest->State()));
    }
    SURVEYOR_TRY(s->Bind(6, now));
    SURVEYOR_TRY(s->Bind(7, streak));
    SURVEYOR_TRY(s->Step());
  }
  return {};
}

std::expected<v1::SubmitResponse, Error> SqliteStore::Ingest(
    const Host& host, const v1::Snapshot& snapshot, std::size_t wire_bytes,
    std::int64_t now, IngestStats* stats) {
  if (snapshot.sequence() == 0) {
    return Fail(ErrorCode::kInvalidArgument, "snapshot sequence must be >= 1");
  }
  if (!snapshot.host().machine_id().empty() &&
      snapshot.host().machine_id() != host.machine_id) {
    return Fail(ErrorCode::kPermissionDenied,
                "snapshot is for another machine than this node key's");
  }
  v1::SubmitResponse response;
  response.set_acknowledged_sequence(snapshot.sequence());
  common::Transaction tx(db_);
  SURVEYOR_TRY(tx.Begin());
  auto seen =
      Stmt("SELECT 1 FROM snapshots WHERE host_id = ? AND sequence = ?");
  if (!seen) return std::unexpected(seen.error());
  SURVEYOR_TRY((*seen)->Bind(1, host.id));
  SURVEYOR_TRY(
      (*seen)->Bind(2, static_cast<std::int64_t>(snapshot.sequence())));
  auto dup = (*seen)->Step();
  if (!dup) return std::unexpected(dup.error());
  if (*dup) {
    response.set_duplicate(true);
    return response;  // Already stored: acknowledge again, change nothing.
  }
  SURVEYOR_TRY(IngestSections(host, snapshot, now, response, stats));
  auto rec = Stmt(
      "INSERT INTO snapshots (host_id, sequence, received_at, bytes, "
      "outbox_evicted) VALUES (?, ?, ?, ?, ?)");
  if (!rec) return std::unexpected(rec.error());
  SURVEYOR_TRY((*rec)->Bind(1, host.id));
  SURVEYOR_TRY((*rec)->Bind(2, static_cast<std::int64_t>(snapshot.sequence())));
  SURVEYOR_TRY((*rec)->Bind(3, now));
  SURVEYOR_TRY((*rec)->Bind(4, static_cast<std::int64_t>(wire_bytes)));
  SURVEYOR_TRY(
      (*rec)->Bind(5, static_cast<std::int64_t>(snapshot.outbox_evicted())));
  SURVEYOR_TRY((*rec)->Step());
  auto upd = Stmt(
      "UPDATE hosts SET last_seen = ?, last_sequence = MAX(last_sequence, ?), "
      "hostname = CASE WHEN ? = '' THEN hostname ELSE ? END, "
      "os = CASE WHEN ? = '' THEN os ELSE ? END WHERE id = ?");
  if (!upd) return std::unexpected(upd.error());
  std::string os = OsText(snapshot);
  SURVEYOR_TRY((*upd)->Bind(1, now));
  SURVEYOR_TRY((*upd)->Bind(2, static_cast<std::int64_t>(snapshot.sequence())));
  SURVEYOR_TRY((*upd)->Bind(3, std::string_view(snapshot.host().hostname())));
  SURVEYOR_TRY((*upd)->Bind(4, std::string_view(snapshot.host().hostname())));
  SURVEYOR_TRY((*upd)->Bind(5, std::string_view(os)));
  SURVEYOR_TRY((*upd)->Bind(6, std::string_view(os)));
  SURVEYOR_TRY((*upd)->Bind(7, host.id));
  SURVEYOR_TRY((*upd)->Step());
  SURVEYOR_TRY(tx.Commit());
  return response;
}

// ---- Reads
// --------------------------------------------------------------------

std::expected<Principal, Error> SqliteStore::AuthenticateToken(
    const std::string& token) {
  auto s =
      Stmt("SELECT tenant_id, token_hash FROM tokens WHERE token_hash = ?");
  if (!s) return std::unexpected(s.error());
  std::string hash = common::SecretHash(token);
  SURVEYOR_TRY((*s)->BindBlob(1, hash));
  auto row = (*s)->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row || !common::ConstantTimeEquals((*s)->ColumnBlob(1), hash)) {
    return Fail(ErrorCode::kPermissionDenied, "unknown API token");
  }
  Principal p;
  if (!(*s)->ColumnIsNull(0)) p.tenant_id = (*s)->ColumnInt(0);
  return p;
}

std::expected<std::vector<Host>, Error> SqliteStore::Hosts(
    std::int64_t tenant_id) {
  static const std::string sql =
      std::string("SELECT ") + kHostColumns +
      " FROM hosts h JOIN tenants t ON t.id = h.tenant_id "
      "WHERE h.tenant_id = ? ORDER BY h.hostname, h.agent_id";
  auto s = Stmt(sql.c_str());
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, tenant_id));
  std::vector<Host> out;
  while (true) {
    auto row = (*s)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(ReadHost(**s));
  }
  return out;
}

std::expected<std::optional<Host>, Error> SqliteStore::FindHost(
    const std::string& agent_id) {
  static const std::string sql =
      std::string("SELECT ") + kHostColumns +
      " FROM hosts h JOIN tenants t ON t.id = h.tenant_id WHERE h.agent_id = ?";
  auto s = Stmt(sql.c_str());
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, std::string_view(agent_id)));
  auto row = (*s)->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<Host>();
  return std::optional<Host>(ReadHost(**s));
}

std::expected<std::vector<SoftwareRow>, Error> SqliteStore::HostSoftware(
    std::int64_t host_id) {
  auto s = Stmt(
      "SELECT source, name, version, arch, first_seen FROM software "
      "WHERE host_id = ? AND removed_at IS NULL "
      "ORDER BY source, name, arch, version");
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, host_id));
  std::vector<SoftwareRow> out;
  while (true) {
    auto row = (*s)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(SoftwareRow{
        "",
        std::string(
            common::PackageSourceName(static_cast<int>((*s)->ColumnInt(0)))),
        std::string((*s)->ColumnText(1)), std::string((*s)->ColumnText(2)),
        std::string((*s)->ColumnText(3)), (*s)->ColumnInt(4), 1});
  }
  return out;
}

std::expected<std::vector<SoftwareRow>, Error> SqliteStore::TenantSoftware(
    std::int64_t tenant_id) {
  auto s = Stmt(
      "SELECT s.source, s.name, s.version, s.arch, MIN(s.first_seen), "
      "COUNT(DISTINCT s.host_id) FROM software s "
      "JOIN hosts h ON h.id = s.host_id "
      "WHERE h.tenant_id = ? AND s.removed_at IS NULL "
      "GROUP BY s.source, s.name, s.version, s.arch "
      "ORDER BY s.source, s.name, s.arch, s.version");
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, tenant_id));
  std::vector<SoftwareRow> out;
  while (true) {
    auto row = (*s)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(SoftwareRow{
        "",
        std::string(
            common::PackageSourceName(static_cast<int>((*s)->ColumnInt(0)))),
        std::string((*s)->ColumnText(1)), std::string((*s)->ColumnText(2)),
        std::string((*s)->ColumnText(3)), (*s)->ColumnInt(4),
        (*s)->ColumnInt(5)});
  }
  return out;
}

std::expected<std::vector<Change>, Error> SqliteStore::Changes(
    std::int64_t tenant_id, std::int64_t since, std::int64_t until) {
  auto s = Stmt(
      "SELECT h.agent_id, h.hostname, s.source, s.name, s.arch, s.variant, "
      "s.version, s.first_seen, s.initial, s.removed_at FROM software s "
      "JOIN hosts h ON h.id = s.host_id WHERE h.tenant_id = ? AND "
      "((s.initial = 0 AND s.first_seen >= ? AND s.first_seen < ?) OR "
      "(s.removed_at >= ? AND s.removed_at < ?))");
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, tenant_id));
  SURVEYOR_TRY((*s)->Bind(2, since));
  SURVEYOR_TRY((*s)->Bind(3, until));
  SURVEYOR_TRY((*s)->Bind(4, since));
  SURVEYOR_TRY((*s)->Bind(5, until));
  // Pair a removal and an installation of the same package on the same host
  // at the same time into an upgrade (or downgrade).
  using Key = std::tuple<std::string, std::string, std::string, std::string,
                         std::string, std::int64_t>;
  std::map<Key, Change> removed, installed;
  while (true) {
    auto row = (*s)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    std::string agent((*s)->ColumnText(0)), host((*s)->ColumnText(1)),
        source(common::PackageSourceName(static_cast<int>((*s)->ColumnInt(2)))),
        name((*s)->ColumnText(3)), arch((*s)->ColumnText(4)),
        variant((*s)->ColumnText(5)), version((*s)->ColumnText(6));
    std::int64_t first = (*s)->ColumnInt(7);
    bool initial = (*s)->ColumnInt(8) != 0;
    if (!initial && first >= since && first < until) {
      installed[{agent, source, name, arch, variant, first}] = Change{
          agent, host, "installed", source, name, arch, "", version, first};
    }
    if (!(*s)->ColumnIsNull(9)) {
      std::int64_t at = (*s)->ColumnInt(9);
      if (at >= since && at < until) {
        removed[{agent, source, name, arch, variant, at}] =
            Change{agent, host, "removed", source, name, arch, version, "", at};
      }
    }
  }
  std::vector<Change> out;
  for (auto& [key, change] : installed) {
    auto r = removed.find(key);
    if (r != removed.end()) {
      change.kind = "upgraded";
      change.from_version = r->second.from_version;
      removed.erase(r);
    }
    out.push_back(std::move(change));
  }
  for (auto& [key, change] : removed) out.push_back(std::move(change));
  std::sort(out.begin(), out.end(), [](const Change& a, const Change& b) {
    return std::tie(a.at, a.hostname, a.name) <
           std::tie(b.at, b.hostname, b.name);
  });
  return out;
}

std::expected<std::optional<SqliteStore::StoredSection>, Error>
SqliteStore::LoadSection(std::int64_t host_id, const std::string& collector) {
  auto s = Stmt(
      "SELECT section, content_hash, digest, error_streak FROM sections "
      "WHERE host_id = ? AND collector = ?");
  if (!s) return std::unexpected(s.error());
  SURVEYOR_TRY((*s)->Bind(1, host_id));
  SURVEYOR_TRY((*s)->Bind(2, std::string_view(collector)));
  auto row = (*s)->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<StoredSection>();
  StoredSection out;
  auto blob = (*s)->ColumnBlob(0);
  if (!out.section.ParseFromArray(blob.data(), static_cast<int>(blob.size()))) {
    return Fail(ErrorCode::kInternal, "stored section does not parse");
  }
  // The column is what deltas are checked against.
  out.section.set_content_hash(std::string((*s)->ColumnBlob(1)));
  if (!(*s)->ColumnIsNull(2)) {
    out.digest = common::MultisetDigest::FromState((*s)->ColumnBlob(2));
  }
  out.error_streak = (*s)->ColumnInt(3);
  return std::optional<StoredSection>(std::move(out));
}

std::expected<std::optional<v1::Section>, Error> SqliteStore::Section(
    std::int64_t host_id, const std::string& collector) {
  auto stored = LoadSection(host_id, collector);
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return std::optional<v1::Section>();
  return std::optional<v1::Section>(std::move((*stored)->section));
}

}  // namespace surveyor::service
