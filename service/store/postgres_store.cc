#include "service/store/postgres_store.h"

#include "service/store/postgres_schema.h"

namespace surveyor::service {

using common::Error;
using common::PgConnection;
using common::PgResult;

std::expected<std::unique_ptr<PostgresStore>, Error> PostgresStore::Open(
    std::shared_ptr<common::PgPool> pool, bool migrate) {
  std::unique_ptr<PostgresStore> store(new PostgresStore(std::move(pool)));
  if (migrate) {
    SURVEYOR_ASSIGN_OR_RETURN(auto lease, store->pool_->Acquire());
    SURVEYOR_TRY(MigratePostgres(*lease));
  }
  return store;
}

std::expected<PgResult, Error> PostgresStore::WithConnection(
    const std::function<std::expected<PgResult, Error>(PgConnection&)>& run) {
  // Idle connections may all have died with a database restart: each
  // failure on a broken connection closes it, so this ends with a fresh
  // connection or with Acquire's error.
  for (int attempt = 0;; ++attempt) {
    SURVEYOR_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
    auto r = run(*lease);
    if (r || !lease->broken() || attempt >= 8) return r;
  }
}

std::expected<void, Error> PostgresStore::InTransaction(
    const std::function<std::expected<void, Error>()>& work) {
  if (tx_ != nullptr) return work();  // Nested: joins the outer one.
  std::optional<common::PgPool::Lease> lease;
  for (int attempt = 0;; ++attempt) {
    SURVEYOR_ASSIGN_OR_RETURN(auto l, pool_->Acquire());
    auto begun = l->Script("BEGIN");
    if (begun) {
      lease.emplace(std::move(l));
      break;
    }
    if (!l->broken() || attempt >= 8) return std::unexpected(begun.error());
  }
  tx_ = &**lease;
  auto r = work();
  tx_ = nullptr;
  if (!r) {
    // A failed ROLLBACK leaves the connection in a transaction or broken:
    // the pool closes it when the lease ends, which rolls back.
    (void)(*lease)->Script("ROLLBACK");
    return r;
  }
  return (*lease)->Script("COMMIT");
}

std::expected<void, Error> PostgresStore::LockUntilCommit(LockScope scope,
                                                          std::int64_t id) {
  if (tx_ == nullptr) {
    return common::Fail(common::ErrorCode::kInternal,
                        "LockUntilCommit outside a transaction");
  }
  const std::int64_t key =
      (static_cast<std::int64_t>(scope) << 56) ^ (id & 0x00ffffffffffffff);
  SURVEYOR_TRY(tx_->Query("SELECT pg_advisory_xact_lock($1)", key));
  return {};
}

std::expected<void, Error> PostgresStore::Copy(const std::string& copy_sql,
                                               const std::string& rows) {
  if (tx_ == nullptr) {
    return common::Fail(common::ErrorCode::kInternal,
                        "COPY outside a transaction");
  }
  return tx_->CopyIn(copy_sql, rows);
}

}  // namespace surveyor::service
