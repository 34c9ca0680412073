// The PostgreSQL store's versioned schema: migration N here is migration N
// of the SQLite store (schema.cc) in PostgreSQL's dialect, so both backends
// are always at the same version. The version lives in schema_version.
// Migrations are only ever appended.
#pragma once

#include <expected>

#include "common/error.h"
#include "common/postgres.h"

namespace surveyor::service {

// Applies every migration newer than the database's version, in one
// transaction under an advisory lock: when several servers start together,
// one migrates and the others wait, then find nothing to do.
// `target` 0 is the newest; tests stop earlier to test an upgrade.
std::expected<void, common::Error> MigratePostgres(common::PgConnection& c,
                                                   int target = 0);

// The newest schema version this build knows.
int PostgresSchemaVersion();

}  // namespace surveyor::service
