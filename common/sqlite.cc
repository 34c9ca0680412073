#include "common/sqlite.h"

#include <utility>

namespace surveyor::common {
namespace {

// Percent-encodes a path for a file: URI (SQLite decodes %HH).
std::string FileUri(const std::string& path, std::string_view query) {
  std::string uri = "file:";
  for (unsigned char c : path) {
    if (c == '?' || c == '#' || c == '%' || c < 0x20 || c >= 0x7f) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 0xf];
    } else {
      uri += static_cast<char>(c);
    }
  }
  if (!query.empty()) {
    uri += '?';
    uri += query;
  }
  return uri;
}

}  // namespace

std::expected<Database, Error> Database::Open(const std::string& path,
                                              Mode mode) {
  int flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  std::string query;
  switch (mode) {
    case Mode::kReadWrite:
      flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
      break;
    case Mode::kReadOnly:
      flags |= SQLITE_OPEN_READONLY;
      query = "mode=ro";
      break;
    case Mode::kImmutable:
      flags |= SQLITE_OPEN_READONLY;
      query = "mode=ro&immutable=1";
      break;
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(FileUri(path, query).c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Fail(rc == SQLITE_CANTOPEN ? ErrorCode::kIo : ErrorCode::kInternal,
                path + ": " + msg);
  }
  sqlite3_extended_result_codes(db, 1);
  return Database(db, path);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

Database::~Database() { sqlite3_close(db_); }

std::expected<Statement, Error> Database::Prepare(std::string_view sql) const {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()),
                              &stmt, nullptr);
  if (rc != SQLITE_OK) {
    // SQLITE_NOTADB and SQLITE_CORRUPT surface here for garbage files.
    ErrorCode code =
        (rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT
            ? ErrorCode::kParse
            : ErrorCode::kInternal;
    return Fail(code, path_ + ": " + sqlite3_errmsg(db_));
  }
  return Statement(db_, stmt);
}

std::expected<void, Error> Database::Exec(std::string_view sql) const {
  auto stmt = Prepare(sql);
  if (!stmt) return std::unexpected(stmt.error());
  while (true) {
    auto more = stmt->Step();
    if (!more) return std::unexpected(more.error());
    if (!*more) return {};
  }
}

std::expected<void, Error> Database::ExecScript(const std::string& sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    return Fail(ErrorCode::kInternal, path_ + ": " + msg);
  }
  return {};
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Error Statement::LastError(std::string_view what) const {
  int rc = sqlite3_errcode(db_) & 0xff;
  ErrorCode code = rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB
                       ? ErrorCode::kParse
                       : ErrorCode::kInternal;
  const char* file = sqlite3_db_filename(db_, "main");
  return Error{code, std::string(file ? file : "sqlite") + ": " +
                         std::string(what) + ": " + sqlite3_errmsg(db_)};
}

std::expected<bool, Error> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return std::unexpected(LastError("step"));
}

std::expected<void, Error> Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  return {};
}

std::expected<void, Error> Statement::Bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) {
    return std::unexpected(LastError("bind"));
  }
  return {};
}

std::expected<void, Error> Statement::Bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_, index, text.data(),
                        static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    return std::unexpected(LastError("bind"));
  }
  return {};
}

std::expected<void, Error> Statement::BindBlob(int index,
                                               std::string_view bytes) {
  if (sqlite3_bind_blob(stmt_, index, bytes.data(),
                        static_cast<int>(bytes.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    return std::unexpected(LastError("bind"));
  }
  return {};
}

std::expected<void, Error> Statement::BindNull(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) {
    return std::unexpected(LastError("bind"));
  }
  return {};
}

std::expected<Statement*, Error> StatementCache::Prepared(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    auto stmt = db_->Prepare(sql);
    if (!stmt) return std::unexpected(stmt.error());
    it = cache_.emplace(sql, std::move(*stmt)).first;
  }
  // A statement left mid-result by a failed call is reset here.
  (void)it->second.Reset();
  return &it->second;
}

std::int64_t Statement::ColumnInt(int col) const {
  return sqlite3_column_int64(stmt_, col);
}

bool Statement::ColumnIsNull(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

std::string_view Statement::ColumnText(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string_view(reinterpret_cast<const char*>(p), n)
           : std::string_view();
}

std::string_view Statement::ColumnBlob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string_view(static_cast<const char*>(p), n)
           : std::string_view();
}

}  // namespace surveyor::common
