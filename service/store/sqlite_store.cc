#include "service/store/sqlite_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/logging.h"
#include "service/store/schema.h"

namespace surveyor::service {

using common::Error;
using common::ErrorCode;
using common::Fail;

namespace {

// Takes group and other permissions away from `path` (created by an older
// version, or under a loose umask), saying so once.
std::expected<void, Error> KeepPrivate(const std::string& path, mode_t mode) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Fail(ErrorCode::kIo, path + ": " + std::strerror(errno));
  }
  if ((st.st_mode & 077) == 0) return {};
  if (::chmod(path.c_str(), mode) != 0) {
    return Fail(ErrorCode::kPermissionDenied,
                path +
                    " is readable by other users and its mode cannot be "
                    "changed: " +
                    std::strerror(errno));
  }
  common::Logger("store")->warn("{} was mode {:o}; now {:o} (owner only)", path,
                                st.st_mode & 0777, mode);
  return {};
}

}  // namespace

std::expected<std::unique_ptr<SqliteStore>, Error> SqliteStore::Open(
    const std::string& data_dir) {
  if (::mkdir(data_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Fail(ErrorCode::kIo, data_dir + ": " + std::strerror(errno));
  }
  SURVEYOR_TRY(KeepPrivate(data_dir, 0700));
  // A new database starts owner-only (SQLite would make it 0644 under the
  // usual umask). Only when there is none: closing any descriptor of a file
  // drops every POSIX lock this process holds on it, so an existing
  // database (open in other workers' connections) is never opened here.
  {
    const std::string db_path = data_dir + "/surveyor.db";
    if (::access(db_path.c_str(), F_OK) != 0) {
      int fd =
          ::open(db_path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd >= 0) ::close(fd);
    }
  }
  auto db = common::Database::Open(data_dir + "/surveyor.db",
                                   common::Database::Mode::kReadWrite);
  if (!db) return std::unexpected(db.error());
  SURVEYOR_TRY(
      db->ExecScript("PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; "
                     "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"));
  // Every tenant's inventory and credential hashes: owner only. SQLite
  // gives -wal and -shm the database file's mode.
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::string file = data_dir + "/surveyor.db" + suffix;
    if (suffix[0] != '\0' && ::access(file.c_str(), F_OK) != 0) continue;
    SURVEYOR_TRY(KeepPrivate(file, 0600));
  }
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
