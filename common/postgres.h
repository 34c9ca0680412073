// A thin RAII wrapper over libpq, the PostgreSQL counterpart of
// common/sqlite.h: a PgConnection owns a PGconn and the statements prepared
// on it, a PgResult owns a PGresult. Every call reports failure through
// std::expected; nothing throws.
//
// Parameters and results travel in binary format: integers as int8, bools
// as bool, text as text, Blob as bytea, std::optional of any as NULL when
// empty, std::vector<std::string> as text[] and std::vector<std::int64_t>
// as int8[] (one statement for many rows: `unnest($1::text[], ...)`). Every
// query is a named prepared statement, prepared on first use with parameter
// types taken from the C++ argument types.
//
// Errors: kIo when the server cannot be reached or the connection broke
// (the caller may retry on a new connection; PgConnection::broken() tells),
// kAlreadyExists for a unique violation (SQLSTATE 23505), kResourceExhausted
// for too many connections (53300), kIo for serialization failures and
// deadlocks (40001, 40P01: retrying the transaction is correct), kInternal
// for anything else. Messages carry the server's text, never the
// connection's password.
//
// Thread-safety: a PgConnection belongs to one thread at a time.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <expected>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/error.h"
#include "common/sqlite.h"  // Blob

namespace surveyor::common {

// A query's result: rows of binary-format columns.
class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r) {}
  PgResult(PgResult&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  PgResult& operator=(PgResult&& o) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult() { PQclear(r_); }

  int rows() const { return PQntuples(r_); }
  // Rows changed by an INSERT/UPDATE/DELETE.
  std::int64_t affected() const;
  bool IsNull(int row, int col) const { return PQgetisnull(r_, row, col); }
  // int2, int4, int8 or bool columns.
  std::int64_t Int(int row, int col) const;
  // text or bytea columns; valid while the result lives.
  std::string_view Bytes(int row, int col) const {
    return {PQgetvalue(r_, row, col),
            static_cast<std::size_t>(PQgetlength(r_, row, col))};
  }

 private:
  friend class PgConnection;
  PGresult* r_;
};

// One parameter in libpq's binary format, with its type.
struct PgParam {
  Oid type = 0;
  bool null = false;
  std::string bytes;
};

namespace pg_internal {
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kText = 25;
constexpr Oid kTextArray = 1009, kInt8Array = 1016;
PgParam Int8(std::int64_t v);
// One-dimensional arrays in array_recv's binary layout, without NULLs.
PgParam TextArray(const std::vector<std::string>& v);
PgParam Int8Array(const std::vector<std::int64_t>& v);
template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {
  using Inner = T;
};

template <typename T>
PgParam Encode(const T& v) {
  if constexpr (IsOptional<T>::value) {
    if (v) return Encode(*v);
    PgParam p = Encode(typename IsOptional<T>::Inner{});
    p.null = true;
    p.bytes.clear();
    return p;
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    return TextArray(v);
  } else if constexpr (std::is_same_v<T, std::vector<std::int64_t>>) {
    return Int8Array(v);
  } else if constexpr (std::is_same_v<T, Blob>) {
    return PgParam{kBytea, false, std::string(v.bytes)};
  } else if constexpr (std::is_same_v<T, bool>) {
    return PgParam{kBool, false, std::string(1, v ? '\1' : '\0')};
  } else if constexpr (std::is_integral_v<T>) {
    return Int8(static_cast<std::int64_t>(v));
  } else {
    return PgParam{kText, false, std::string(std::string_view(v))};
  }
}
}  // namespace pg_internal

class PgConnection {
 public:
  // Connects with `conninfo` (a libpq URI or key=value string). `password`,
  // when not empty, is passed as libpq's password parameter (never part of
  // a URL). Waits at most connect_timeout (default 10 s, the URL may say
  // otherwise).
  static std::expected<std::unique_ptr<PgConnection>, Error> Connect(
      const std::string& conninfo, const std::string& password = "");

  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  ~PgConnection() { PQfinish(conn_); }

  // Runs a prepared statement (prepared on first use) with `args`.
  template <typename... A>
  std::expected<PgResult, Error> Query(const char* sql, const A&... args) {
    std::vector<PgParam> params{pg_internal::Encode(args)...};
    return Run(sql, params);
  }
  // Runs SQL built at run time (from constant parts only) once,
  // unprepared, without parameters; binary results.
  std::expected<PgResult, Error> QueryOnce(const std::string& sql);
  // Runs SQL text without parameters, several statements allowed (schema
  // scripts, BEGIN/COMMIT); no results.
  std::expected<void, Error> Script(const std::string& sql);
  // COPY ... FROM STDIN (text format) with `rows` already escaped (see
  // CopyField), one per line.
  std::expected<void, Error> CopyIn(const std::string& copy_sql,
                                    const std::string& rows);

  // True once the connection has failed: drop it, open a new one.
  bool broken() const { return broken_ || PQstatus(conn_) != CONNECTION_OK; }
  // True while a transaction is open (or failed, awaiting ROLLBACK).
  bool in_transaction() const;
  // "user@host:port/db", for messages.
  std::string Describe() const;

 private:
  explicit PgConnection(PGconn* c) : conn_(c) {}
  std::expected<PgResult, Error> Run(const char* sql,
                                     const std::vector<PgParam>& params);
  Error ResultError(const PGresult* r, std::string_view what) const;

  PGconn* conn_;
  // Set by an error that ends the session (the server shutting down or a
  // connection exception) before libpq itself notices.
  mutable bool broken_ = false;
  std::map<const char*, std::string> prepared_;  // SQL literal -> name.
};

// Appends `value` to a COPY text-format row, escaped, tab-separated.
void CopyField(std::string& row, std::string_view value, bool first = false);
void CopyField(std::string& row, std::int64_t value, bool first = false);

}  // namespace surveyor::common
