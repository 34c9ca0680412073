// Opens a Store from a URL, the one place that knows the backends:
//   sqlite:DIR       the embedded store, DIR/surveyor.db (created and
//                    migrated); a bare directory means the same.
// PostgreSQL URLs (postgresql://...) are recognised and refused with a clear
// message (which never repeats the URL: it may hold a password) until that
// backend exists.
//
// Thread-safe: each call opens a connection of its own, for one thread.
#pragma once

#include <expected>
#include <memory>
#include <string>

#include "common/error.h"
#include "service/store/store.h"

namespace surveyor::service {

std::expected<std::unique_ptr<Store>, common::Error> OpenStore(
    const std::string& url);

// The URL for a data directory: "sqlite:" + dir.
std::string SqliteUrl(const std::string& dir);

}  // namespace surveyor::service
