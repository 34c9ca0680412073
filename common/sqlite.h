// A thin RAII wrapper over the SQLite C API: a Database owns a connection, a
// Statement owns a prepared statement. Every call reports failure through
// std::expected with SQLite's own message; nothing throws.
//
// Thread-safety: a Database and its Statements belong to one thread at a time
// (SQLite's multi-thread mode); open one connection per thread.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "common/error.h"

namespace surveyor::common {

class Statement;

class Database {
 public:
  enum class Mode {
    kReadWrite,  // Create if missing, read and write.
    kReadOnly,   // Read only; may use (never create) -wal/-shm files.
    kImmutable,  // Read only and never touch the file system beside the file.
  };

  static std::expected<Database, Error> Open(const std::string& path,
                                             Mode mode);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  std::expected<Statement, Error> Prepare(std::string_view sql) const;
  std::expected<void, Error> Exec(std::string_view sql) const;
  // Runs several ';'-separated statements (schema scripts); no results.
  std::expected<void, Error> ExecScript(const std::string& sql) const;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::string path_;
};

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Advances to the next row: true for a row, false when done.
  std::expected<bool, Error> Step();
  std::expected<void, Error> Reset();

  std::expected<void, Error> Bind(int index, std::int64_t value);
  std::expected<void, Error> Bind(int index, std::string_view text);
  std::expected<void, Error> BindBlob(int index, std::string_view bytes);

  std::int64_t ColumnInt(int col) const;
  bool ColumnIsNull(int col) const;
  // Views stay valid until the next Step/Reset/destruction.
  std::string_view ColumnText(int col) const;
  std::string_view ColumnBlob(int col) const;

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Error LastError(std::string_view what) const;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

// A write transaction (BEGIN IMMEDIATE) that rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(const Database& db) : db_(db) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (open_) (void)db_.ExecScript("ROLLBACK");
  }
  std::expected<void, Error> Begin() {
    SURVEYOR_TRY(db_.ExecScript("BEGIN IMMEDIATE"));
    open_ = true;
    return {};
  }
  std::expected<void, Error> Commit() {
    SURVEYOR_TRY(db_.ExecScript("COMMIT"));
    open_ = false;
    return {};
  }

 private:
  const Database& db_;
  bool open_ = false;
};

}  // namespace surveyor::common
