#include "service/store/store_copy.h"

#include "common/postgres.h"
#include "common/sqlite.h"
#include "service/store/sqlite_store.h"

namespace surveyor::service {

using common::Error;
using common::ErrorCode;

namespace {

// Column kinds: i integer, t text, b blob (bytea), f boolean stored as 0/1;
// an upper-case letter may be NULL.
struct TableSpec {
  const char* table;
  const char* columns;
  const char* kinds;
  const char* identity;  // Column whose sequence continues, or nullptr.
};

// Parents before children (foreign keys).
constexpr TableSpec kTables[] = {
    {"tenants", "id, name, created_at", "iti", "id"},
    {"enroll_secrets", "tenant_id, secret_hash, created_at", "ibi", nullptr},
    {"tokens", "id, tenant_id, token_hash, created_at, expires_at, label",
     "iIbiIt", "id"},
    {"hosts",
     "id, tenant_id, agent_id, machine_id, hostname, os, node_key_hash, "
     "enrolled_at, last_seen, last_sequence, public_key, proof_ms, "
     "conflicts_with, retired_at",
     "iittttBiiiBitI", "id"},
    {"snapshots",
     "host_id, sequence, received_at, bytes, outbox_evicted, digest", "iiiiiB",
     nullptr},
    {"sections",
     "host_id, collector, content_hash, section, updated_at, digest, "
     "error_streak",
     "itbbiBi", nullptr},
    {"software",
     "host_id, source, name, arch, variant, version, first_seen, initial, "
     "removed_at, publisher, installed_at, display_name, all_sites",
     "iittttifITITI", nullptr},
    {"host_products",
     "tenant_id, host_id, product, category, realtime, source, package, "
     "version, package_state",
     "iittfittt", nullptr},
    {"tenant_products", "tenant_id, product, category, hosts", "itti", nullptr},
    {"findings",
     "id, tenant_id, key, scope, detail, first_seen, last_seen, resolved_at, "
     "reopened",
     "iittbiiIi", "id"},
    {"policies", "tenant_id, policy, updated_at", "ibi", nullptr},
    {"saas_contracts", "tenant_id, contracts, updated_at", "ibi", nullptr},
    {"saas_days",
     "tenant_id, vendor, sku_id, day, sku_name, purchased, assigned, active, "
     "wasted",
     "ittitiiIi", nullptr},
    {"digest_sends",
     "tenant_id, week, state, attempts, claimed_at, next_attempt_at, "
     "sent_at, last_error, message_id",
     "ittiiiitt", nullptr},
    {"control_states", "host_id, at, state", "iib", nullptr},
    {"report_days", "host_id, day, first_at, skew", "iiii", nullptr},
    {"meta", "key, value", "tt", nullptr},
    {"rejected_keys", "tenant_id, public_key, agent_id, rejected_at", "ibti",
     nullptr},
};

constexpr std::int64_t kRowsPerCopy = 20000;

void AppendField(std::string& row, const common::Statement& s, int col,
                 char kind) {
  if (col > 0) row += '\t';
  if (s.ColumnIsNull(col)) {
    row += "\\N";
    return;
  }
  switch (kind | 0x20) {  // Lower case: nullability handled above.
    case 'i':
      row += std::to_string(s.ColumnInt(col));
      break;
    case 'f':
      row += s.ColumnInt(col) != 0 ? 't' : 'f';
      break;
    case 'b': {
      static constexpr char kHex[] = "0123456789abcdef";
      row += "\\\\x";  // bytea hex input, its backslash escaped for COPY.
      for (unsigned char c : s.ColumnBlob(col)) {
        row += kHex[c >> 4];
        row += kHex[c & 15];
      }
      break;
    }
    default: {
      std::string text;
      common::CopyField(text, s.ColumnText(col), /*first=*/true);
      row += text;
    }
  }
}

std::expected<std::int64_t, Error> CountPg(common::PgConnection& c,
                                           const std::string& table) {
  // Table names come from kTables only.
  SURVEYOR_ASSIGN_OR_RETURN(auto r,
                            c.QueryOnce("SELECT COUNT(*) FROM " + table));
  return r.Int(0, 0);
}

std::expected<void, Error> CopyTables(
    const common::Database& db, common::PgConnection& pg,
    std::vector<TableCopy>& report,
    const std::function<void(const std::string&, std::int64_t)>& progress) {
  SURVEYOR_ASSIGN_OR_RETURN(auto existing,
                            pg.Query("SELECT (SELECT COUNT(*) FROM tenants) + "
                                     "(SELECT COUNT(*) FROM hosts)"));
  if (existing.Int(0, 0) != 0) {
    return common::Fail(ErrorCode::kAlreadyExists,
                        "the PostgreSQL store already holds tenants or hosts; "
                        "copy into an empty database");
  }
  // Server values (the catalog fingerprint) come from the source.
  SURVEYOR_TRY(pg.Script("DELETE FROM meta"));
  for (const TableSpec& t : kTables) {
    TableCopy entry{t.table, 0, 0};
    SURVEYOR_ASSIGN_OR_RETURN(
        auto st,
        db.Prepare(std::string("SELECT ") + t.columns + " FROM " + t.table));
    const std::string copy =
        std::string("COPY ") + t.table + " (" + t.columns + ") FROM STDIN";
    const int n = static_cast<int>(std::string_view(t.kinds).size());
    std::string rows;
    std::int64_t pending = 0;
    while (true) {
      SURVEYOR_ASSIGN_OR_RETURN(bool more, st.Step());
      if (more) {
        for (int col = 0; col < n; ++col) {
          AppendField(rows, st, col, t.kinds[col]);
        }
        rows += '\n';
        ++pending;
        ++entry.source_rows;
      }
      if ((!more && pending > 0) || pending >= kRowsPerCopy) {
        if (auto r = pg.CopyIn(copy, rows); !r) {
          return std::unexpected(r.error().Wrap(t.table));
        }
        rows.clear();
        pending = 0;
        progress(t.table, entry.source_rows);
      }
      if (!more) break;
    }
    if (t.identity != nullptr) {
      SURVEYOR_TRY(pg.Script(
          std::string("SELECT setval(pg_get_serial_sequence('") + t.table +
          "', '" + t.identity + "'), COALESCE(MAX(" + t.identity +
          "), 0) + 1, "
          "false) FROM " +
          t.table));
    }
    SURVEYOR_ASSIGN_OR_RETURN(entry.target_rows, CountPg(pg, t.table));
    if (entry.target_rows != entry.source_rows) {
      return common::Fail(
          ErrorCode::kInternal,
          std::string(t.table) + ": " + std::to_string(entry.source_rows) +
              " rows in SQLite but " + std::to_string(entry.target_rows) +
              " in PostgreSQL; nothing was copied");
    }
    report.push_back(entry);
  }
  return {};
}

}  // namespace

std::expected<std::vector<TableCopy>, Error> CopySqliteToPostgres(
    const std::string& sqlite_dir, const std::string& postgres_url,
    const StoreOptions& options,
    const std::function<void(const std::string&, std::int64_t)>& progress) {
  if (!IsPostgresUrl(postgres_url)) {
    return common::Fail(ErrorCode::kInvalidArgument,
                        "--to must be a postgresql:// URL");
  }
  // Opening migrates both to this build's schema.
  { SURVEYOR_ASSIGN_OR_RETURN(auto source, SqliteStore::Open(sqlite_dir)); }
  SURVEYOR_ASSIGN_OR_RETURN(auto target, OpenStore(postgres_url, options));
  SURVEYOR_ASSIGN_OR_RETURN(auto password,
                            ReadStorePassword(options.password_file));
  SURVEYOR_ASSIGN_OR_RETURN(
      auto pg, common::PgConnection::Connect(postgres_url, password));
  SURVEYOR_ASSIGN_OR_RETURN(
      auto db, common::Database::Open(sqlite_dir + "/surveyor.db",
                                      common::Database::Mode::kReadOnly));
  // One read transaction on SQLite: a consistent source.
  SURVEYOR_TRY(db.ExecScript("BEGIN"));
  SURVEYOR_TRY(pg->Script("BEGIN"));
  std::vector<TableCopy> report;
  if (auto r = CopyTables(db, *pg, report, progress); !r) {
    (void)pg->Script("ROLLBACK");  // The copy's error is what counts.
    return std::unexpected(r.error());
  }
  SURVEYOR_TRY(pg->Script("COMMIT"));
  return report;
}

}  // namespace surveyor::service
