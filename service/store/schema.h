// The SQLite store's versioned schema. Migration N brings PRAGMA user_version
// from N-1 to N; each runs in its own transaction. Migrations are only ever
// appended.
#pragma once

#include <expected>

#include "common/error.h"
#include "common/sqlite.h"

namespace surveyor::service {

// Applies every migration newer than the database's user_version, up to
// `target` (0: the newest; tests stop earlier to test an upgrade).
std::expected<void, common::Error> Migrate(const common::Database& db,
                                           int target = 0);

// The newest schema version this build knows (equal to
// PostgresSchemaVersion(): both backends migrate in step).
int SqliteSchemaVersion();

}  // namespace surveyor::service
