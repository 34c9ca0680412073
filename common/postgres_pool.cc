#include "common/postgres_pool.h"

namespace surveyor::common {

std::shared_ptr<PgPool> PgPool::Create(std::string conninfo,
                                       std::string password, Options options) {
  if (options.max_connections == 0) options.max_connections = 1;
  return std::shared_ptr<PgPool>(
      new PgPool(std::move(conninfo), std::move(password), options));
}

std::expected<PgPool::Lease, Error> PgPool::Acquire() {
  {
    std::unique_lock lock(mu_);
    const bool got = freed_.wait_for(lock, options_.acquire_timeout, [&] {
      return !idle_.empty() || open_ < options_.max_connections;
    });
    if (!got) {
      return Fail(ErrorCode::kResourceExhausted,
                  "all " + std::to_string(options_.max_connections) +
                      " PostgreSQL connections are busy");
    }
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(shared_from_this(), std::move(conn));
    }
    ++open_;  // Reserve the slot, connect outside the lock.
  }
  auto conn = PgConnection::Connect(conninfo_, password_);
  if (!conn) {
    std::lock_guard lock(mu_);
    --open_;
    freed_.notify_one();
    return std::unexpected(conn.error());
  }
  return Lease(shared_from_this(), std::move(*conn));
}

void PgPool::Return(std::unique_ptr<PgConnection> conn) {
  if (!conn) return;  // A moved-from lease.
  const bool reusable = !conn->broken() && !conn->in_transaction();
  if (!reusable) conn.reset();  // Close outside the lock.
  std::lock_guard lock(mu_);
  if (reusable) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  freed_.notify_one();
}

std::size_t PgPool::open() const {
  std::lock_guard lock(mu_);
  return open_;
}

}  // namespace surveyor::common
