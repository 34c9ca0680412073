#include "common/postgres.h"

#include <cstring>

namespace surveyor::common {

namespace {

std::int64_t BigEndian(const char* p, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  if (n < 8 && n > 0 && (static_cast<unsigned char>(p[0]) & 0x80) != 0) {
    v |= ~std::uint64_t{0} << (8 * n);  // Sign-extend int2/int4.
  }
  return static_cast<std::int64_t>(v);
}

// libpq's messages end in a newline; ours do not.
std::string Trimmed(const char* message) {
  std::string s = message != nullptr ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s.empty() ? "unknown error" : s;
}

}  // namespace

PgResult& PgResult::operator=(PgResult&& o) noexcept {
  if (this != &o) {
    PQclear(r_);
    r_ = o.r_;
    o.r_ = nullptr;
  }
  return *this;
}

std::int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(r_);
  return (n != nullptr && *n != '\0') ? std::strtoll(n, nullptr, 10) : 0;
}

std::int64_t PgResult::Int(int row, int col) const {
  if (PQgetisnull(r_, row, col)) return 0;
  return BigEndian(PQgetvalue(r_, row, col), PQgetlength(r_, row, col));
}

namespace pg_internal {
PgParam Int8(std::int64_t v) {
  std::string b(8, '\0');
  auto u = static_cast<std::uint64_t>(v);
  for (int i = 7; i >= 0; --i) {
    b[static_cast<std::size_t>(i)] = static_cast<char>(u & 0xff);
    u >>= 8;
  }
  return PgParam{kInt8, false, std::move(b)};
}

namespace {
void AppendInt32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

// array_recv's header: dimensions, a has-NULLs flag, the element type, and
// for the one dimension its length and lower bound (1). An empty array has
// no dimension.
std::string ArrayHeader(Oid element, std::size_t n) {
  std::string out;
  AppendInt32(out, n == 0 ? 0 : 1);
  AppendInt32(out, 0);
  AppendInt32(out, element);
  if (n != 0) {
    AppendInt32(out, static_cast<std::uint32_t>(n));
    AppendInt32(out, 1);
  }
  return out;
}
}  // namespace

PgParam TextArray(const std::vector<std::string>& v) {
  std::string out = ArrayHeader(kText, v.size());
  for (const std::string& s : v) {
    AppendInt32(out, static_cast<std::uint32_t>(s.size()));
    out += s;
  }
  return PgParam{kTextArray, false, std::move(out)};
}

PgParam Int8Array(const std::vector<std::int64_t>& v) {
  std::string out = ArrayHeader(kInt8, v.size());
  for (std::int64_t x : v) {
    AppendInt32(out, 8);
    out += Int8(x).bytes;
  }
  return PgParam{kInt8Array, false, std::move(out)};
}
}  // namespace pg_internal

std::expected<std::unique_ptr<PgConnection>, Error> PgConnection::Connect(
    const std::string& conninfo, const std::string& password) {
  // Defaults first: the URL's own parameters (expanded from dbname) and
  // the password file override them.
  std::vector<const char*> keys = {"connect_timeout", "application_name",
                                   "dbname"};
  std::vector<const char*> values = {"10", "surveyor-server", conninfo.c_str()};
  if (!password.empty()) {
    keys.push_back("password");
    values.push_back(password.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* c = PQconnectdbParams(keys.data(), values.data(), 1);
  if (c == nullptr) return Fail(ErrorCode::kResourceExhausted, "out of memory");
  std::unique_ptr<PgConnection> conn(new PgConnection(c));
  if (PQstatus(c) != CONNECTION_OK) {
    return Fail(ErrorCode::kIo,
                "cannot connect to PostgreSQL: " + Trimmed(PQerrorMessage(c)));
  }
  // Results of notices (e.g. "relation already exists, skipping") are not
  // printed on stderr.
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  return conn;
}

bool PgConnection::in_transaction() const {
  auto s = PQtransactionStatus(conn_);
  return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

std::string PgConnection::Describe() const {
  std::string host = PQhost(conn_) != nullptr ? PQhost(conn_) : "";
  return std::string(PQuser(conn_)) + "@" + host + ":" + PQport(conn_) + "/" +
         PQdb(conn_);
}

Error PgConnection::ResultError(const PGresult* r,
                                std::string_view what) const {
  const char* state =
      r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string message =
      std::string(what) + ": " +
      Trimmed(r != nullptr ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
  if (broken() || state == nullptr) {
    broken_ = true;
    return Error{ErrorCode::kIo, "PostgreSQL connection lost: " + message};
  }
  std::string_view s(state);
  if (s == "23505") return Error{ErrorCode::kAlreadyExists, message};
  if (s.starts_with("08") || s.starts_with("57P")) {
    // A connection exception, or the server shutting down or restarting:
    // this session is over.
    broken_ = true;
    return Error{ErrorCode::kIo, "PostgreSQL connection lost: " + message};
  }
  if (s == "40001" || s == "40P01") {
    // Serialization failure, deadlock: retrying the transaction is correct.
    return Error{ErrorCode::kIo, message};
  }
  if (s == "53300") return Error{ErrorCode::kResourceExhausted, message};
  return Error{ErrorCode::kInternal, message};
}

std::expected<PgResult, Error> PgConnection::Run(
    const char* sql, const std::vector<PgParam>& params) {
  const int n = static_cast<int>(params.size());
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "s" + std::to_string(prepared_.size());
    std::vector<Oid> types;
    for (const auto& p : params) types.push_back(p.type);
    PgResult r(PQprepare(conn_, name.c_str(), sql, n, types.data()));
    if (PQresultStatus(r.r_) != PGRES_COMMAND_OK) {
      return std::unexpected(ResultError(r.r_, "preparing statement"));
    }
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  for (const auto& p : params) {
    values.push_back(p.null ? nullptr : p.bytes.data());
    lengths.push_back(static_cast<int>(p.bytes.size()));
    formats.push_back(1);
  }
  PgResult r(PQexecPrepared(conn_, it->second.c_str(), n, values.data(),
                            lengths.data(), formats.data(), 1));
  auto status = PQresultStatus(r.r_);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    // The first word of the SQL names the statement kind for the message.
    std::string_view head(sql);
    head = head.substr(0, head.find(' '));
    return std::unexpected(ResultError(r.r_, head));
  }
  return r;
}

std::expected<PgResult, Error> PgConnection::QueryOnce(const std::string& sql) {
  PgResult r(PQexecParams(conn_, sql.c_str(), 0, nullptr, nullptr, nullptr,
                          nullptr, 1));
  auto status = PQresultStatus(r.r_);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return std::unexpected(ResultError(r.r_, "query"));
  }
  return r;
}

std::expected<void, Error> PgConnection::Script(const std::string& sql) {
  PgResult r(PQexec(conn_, sql.c_str()));
  auto status = PQresultStatus(r.r_);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::string_view head(sql);
    head = head.substr(0, std::min(head.find_first_of(" \n;"), head.size()));
    return std::unexpected(ResultError(r.r_, head));
  }
  return {};
}

std::expected<void, Error> PgConnection::CopyIn(const std::string& copy_sql,
                                                const std::string& rows) {
  {
    PgResult start(PQexec(conn_, copy_sql.c_str()));
    if (PQresultStatus(start.r_) != PGRES_COPY_IN) {
      return std::unexpected(ResultError(start.r_, "COPY"));
    }
  }
  if (PQputCopyData(conn_, rows.data(), static_cast<int>(rows.size())) != 1 ||
      PQputCopyEnd(conn_, nullptr) != 1) {
    return Fail(ErrorCode::kIo, "COPY: " + Trimmed(PQerrorMessage(conn_)));
  }
  std::expected<void, Error> out;
  // Drain every result, keeping the first error.
  while (PGresult* raw = PQgetResult(conn_)) {
    PgResult r(raw);
    if (PQresultStatus(raw) != PGRES_COMMAND_OK && out) {
      out = std::unexpected(ResultError(raw, "COPY"));
    }
  }
  return out;
}

void CopyField(std::string& row, std::string_view value, bool first) {
  if (!first) row += '\t';
  for (char c : value) {
    switch (c) {
      case '\\':
        row += "\\\\";
        break;
      case '\t':
        row += "\\t";
        break;
      case '\n':
        row += "\\n";
        break;
      case '\r':
        row += "\\r";
        break;
      default:
        row += c;
    }
  }
}

void CopyField(std::string& row, std::int64_t value, bool first) {
  if (!first) row += '\t';
  row += std::to_string(value);
}

}  // namespace surveyor::common
