#include "service/store/sqlite_store.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "service/store/schema.h"

namespace surveyor::service {

using common::Error;
using common::ErrorCode;
using common::Fail;

std::expected<std::unique_ptr<SqliteStore>, Error> SqliteStore::Open(
    const std::string& data_dir) {
  if (::mkdir(data_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Fail(ErrorCode::kIo, data_dir + ": " + std::strerror(errno));
  }
  auto db = common::Database::Open(data_dir + "/surveyor.db",
                                   common::Database::Mode::kReadWrite);
  if (!db) return std::unexpected(db.error());
  SURVEYOR_TRY(
      db->ExecScript("PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; "
                     "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"));
  SURVEYOR_TRY(Migrate(*db));
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(std::make_unique<common::Database>(std::move(*db))));
}

std::expected<void, Error> SqliteStore::InTransaction(
    const std::function<std::expected<void, Error>()>& work) {
  if (tx_depth_ > 0) {
    // Nested: part of the outer transaction, which rolls back on failure.
    ++tx_depth_;
    auto r = work();
    --tx_depth_;
    return r;
  }
  common::Transaction tx(*db_);
  SURVEYOR_TRY(tx.Begin());
  ++tx_depth_;
  auto r = work();
  --tx_depth_;
  SURVEYOR_TRY(r);
  return tx.Commit();
}

}  // namespace surveyor::service
