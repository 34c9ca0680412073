// A thin RAII wrapper over the SQLite C API: a Database owns a connection, a
// Statement owns a prepared statement. Every call reports failure through
// std::expected with SQLite's own message; nothing throws.
//
// Thread-safety: a Database and its Statements belong to one thread at a time
// (SQLite's multi-thread mode); open one connection per thread.
#pragma once

#include <sqlite3.h>

#include <concepts>
#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/error.h"

namespace surveyor::common {

class Statement;

// Bytes bound as a BLOB (text binds as TEXT).
struct Blob {
  std::string_view bytes;
};

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
  std::expected<void, Error> BindNull(int index);

  // Binds `args` to parameters 1..N: integers and bools, text
  // (std::string, std::string_view, const char*), Blob, and std::optional
  // of any of these (NULL when empty).
  template <typename... A>
  std::expected<void, Error> BindAll(const A&... args) {
    int index = 0;
    std::expected<void, Error> result;
    ((result = result ? BindOne(++index, args) : result), ...);
    return result;
  }

  std::int64_t ColumnInt(int col) const;
  bool ColumnIsNull(int col) const;
  // Views stay valid until the next Step/Reset/destruction.
  std::string_view ColumnText(int col) const;
  std::string_view ColumnBlob(int col) const;

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Error LastError(std::string_view what) const;
  template <typename T>
  std::expected<void, Error> BindOne(int index, const T& v) {
    if constexpr (std::is_same_v<T, Blob>) {
      return BindBlob(index, v.bytes);
    } else if constexpr (requires {
                           v.has_value();
                           *v;
                         }) {
      return v ? BindOne(index, *v) : BindNull(index);
    } else if constexpr (std::is_integral_v<T>) {
      return Bind(index, static_cast<std::int64_t>(v));
    } else {
      return Bind(index, std::string_view(v));
    }
  }
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
    // A failed ROLLBACK leaves nothing to do: SQLite rolls an open
    // transaction back when the connection closes or the next BEGIN fails.
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

// Prepared statements of one connection, cached by their SQL text (a string
// literal), and the one bind/step loop every query goes through. A statement
// is reset before each use and when the call returns, so none stays
// mid-result: that would hold the connection's read transaction open, hiding
// other writers' commits and blocking WAL checkpoints.
//
//   SURVEYOR_TRY(q.Exec("DELETE FROM t WHERE id = ?", id));
//   auto names = q.List<std::string>("SELECT name FROM t",
//       [](const Statement& s) { return std::string(s.ColumnText(0)); });
//
// Thread-safety: as the Database it belongs to.
class StatementCache {
 public:
  explicit StatementCache(const Database& db) : db_(&db) {}

  // Runs a statement to completion.
  template <typename... A>
  std::expected<void, Error> Exec(const char* sql, const A&... args) {
    return ForEach(
        sql, [](const Statement&) {}, args...);
  }

  // Calls `row(statement)` for each result row; `row` returns void or
  // std::expected<void, Error> (an error stops the loop and is returned).
  template <typename Fn, typename... A>
  std::expected<void, Error> ForEach(const char* sql, Fn&& row,
                                     const A&... args) {
    SURVEYOR_ASSIGN_OR_RETURN(Statement * st, Bound(sql, args...));
    Resetter reset{st};
    while (true) {
      SURVEYOR_ASSIGN_OR_RETURN(bool more, st->Step());
      if (!more) return {};
      if constexpr (std::is_void_v<std::invoke_result_t<Fn&, Statement&>>) {
        row(*st);
      } else {
        SURVEYOR_TRY(row(*st));
      }
    }
  }

  // Every row, converted by `read(statement) -> T`.
  template <typename T, typename Read, typename... A>
  std::expected<std::vector<T>, Error> List(const char* sql, Read&& read,
                                            const A&... args) {
    std::vector<T> out;
    SURVEYOR_TRY(ForEach(
        sql, [&](const Statement& s) { out.push_back(read(s)); }, args...));
    return out;
  }

  // The first row converted by `read`, or nullopt when there is none.
  template <typename T, typename Read, typename... A>
  std::expected<std::optional<T>, Error> First(const char* sql, Read&& read,
                                               const A&... args) {
    SURVEYOR_ASSIGN_OR_RETURN(Statement * st, Bound(sql, args...));
    Resetter reset{st};
    SURVEYOR_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return std::optional<T>();
    return std::optional<T>(read(*st));
  }

  const Database& db() const { return *db_; }

 private:
  struct Resetter {
    Statement* s;
    // Reset cannot fail in a way that matters here: the statement is reset
    // again before its next use.
    ~Resetter() { (void)s->Reset(); }
  };
  std::expected<Statement*, Error> Prepared(const char* sql);
  // The cached statement for `sql`, reset, with `args` bound.
  template <typename... A>
  std::expected<Statement*, Error> Bound(const char* sql, const A&... args) {
    SURVEYOR_ASSIGN_OR_RETURN(Statement * st, Prepared(sql));
    if (auto bound = st->BindAll(args...); !bound) {
      (void)st->Reset();  // Always succeeds; the bind error is what counts.
      return std::unexpected(bound.error());
    }
    return st;
  }

  const Database* db_;
  std::map<const char*, Statement> cache_;
};

}  // namespace surveyor::common
