// Copies an embedded SQLite store into an empty PostgreSQL database: every
// table (tenants, enrollment secrets' and tokens' hashes, hosts with their
// node keys' hashes, delivered snapshots, sections, the software history,
// products, findings with their lifecycle, policies, server values) in one
// PostgreSQL transaction, by COPY, then verified table by table by counting
// rows on both sides. Ids are kept, so agent ids, node keys, tokens and
// finding ids stay valid; identity sequences continue after the largest id.
//
// Both stores are migrated to this build's schema version first. The
// source should not be written meanwhile (stop the server).
//
// Errors: kAlreadyExists when the target already holds tenants or hosts;
// kInternal when a count differs after the copy (the transaction is rolled
// back, nothing is left half-copied); storage errors pass through.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <string>
#include <vector>

#include "common/error.h"
#include "service/store/store_factory.h"

namespace surveyor::service {

struct TableCopy {
  std::string table;
  std::int64_t source_rows = 0;
  std::int64_t target_rows = 0;
};

// `progress(table, rows_so_far)` is called as rows go in.
std::expected<std::vector<TableCopy>, common::Error> CopySqliteToPostgres(
    const std::string& sqlite_dir, const std::string& postgres_url,
    const StoreOptions& options,
    const std::function<void(const std::string&, std::int64_t)>& progress);

}  // namespace surveyor::service
