// Opens a Store from a URL, the one place that knows the backends:
//   sqlite:DIR       the embedded store, DIR/surveyor.db (created and
//                    migrated); a bare directory means the same.
//   postgresql://... a libpq connection URI (postgres:// too), for example
//                    postgresql://surveyor@db.internal:5432/surveyor?sslmode=verify-full
//                    Migrated on first open in the process. A URL that holds
//                    a password is refused: passwords come from
//                    StoreOptions::password_file or libpq's own passfile
//                    (PGPASSFILE, ?passfile=), never from argv or logs.
// Messages never repeat a PostgreSQL URL.
//
// Thread-safe: each call returns a Store for one thread. PostgreSQL stores
// opened with one URL in one process share one bounded connection pool.
#pragma once

#include <cstddef>
#include <expected>
#include <memory>
#include <string>

#include "common/error.h"
#include "service/store/store.h"

namespace surveyor::service {

struct StoreOptions {
  // PostgreSQL: the most connections this process opens (shared by every
  // Store opened with the same URL).
  std::size_t max_connections = 8;
  // PostgreSQL: a file holding the password (its first line), for
  // deployments that mount secrets as files.
  std::string password_file;
};

std::expected<std::unique_ptr<Store>, common::Error> OpenStore(
    const std::string& url, const StoreOptions& options = {});

// The URL for a data directory: "sqlite:" + dir.
std::string SqliteUrl(const std::string& dir);

// The first line of a store password file ("" for an empty path); kIo when
// it cannot be read, kInvalidArgument when it is empty.
std::expected<std::string, common::Error> ReadStorePassword(
    const std::string& path);

// Whether `url` names a PostgreSQL database.
bool IsPostgresUrl(const std::string& url);

}  // namespace surveyor::service
