// A bounded pool of PostgreSQL connections shared by the threads of one
// process. Acquire() hands out a connection for exclusive use until its
// lease ends; at most `max` exist at once and a caller waits (up to a
// timeout) when all are leased. A connection that broke (server restart,
// network) or was left inside a transaction is closed when its lease ends,
// never handed out again: the next Acquire() connects afresh, so the pool
// heals by itself once the server is back.
//
// Thread-safety: every member may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <expected>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/postgres.h"

namespace surveyor::common {

class PgPool : public std::enable_shared_from_this<PgPool> {
 public:
  struct Options {
    std::size_t max_connections = 8;
    std::chrono::milliseconds acquire_timeout{10000};
  };

  // A leased connection; returned to the pool (or closed when broken) on
  // destruction.
  class Lease {
   public:
    Lease(std::shared_ptr<PgPool> pool, std::unique_ptr<PgConnection> c)
        : pool_(std::move(pool)), conn_(std::move(c)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) noexcept = default;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (pool_) pool_->Return(std::move(conn_));
    }
    PgConnection* operator->() const { return conn_.get(); }
    PgConnection& operator*() const { return *conn_; }

   private:
    std::shared_ptr<PgPool> pool_;
    std::unique_ptr<PgConnection> conn_;
  };

  static std::shared_ptr<PgPool> Create(std::string conninfo,
                                        std::string password, Options options);

  // An idle connection, or a new one when fewer than max exist. kIo when the
  // server cannot be reached; kResourceExhausted after waiting
  // acquire_timeout for a free connection.
  std::expected<Lease, Error> Acquire();

  // Connections open now (leased and idle).
  std::size_t open() const;

 private:
  PgPool(std::string conninfo, std::string password, Options options)
      : conninfo_(std::move(conninfo)),
        password_(std::move(password)),
        options_(options) {}
  void Return(std::unique_ptr<PgConnection> conn);

  const std::string conninfo_;
  const std::string password_;
  const Options options_;
  mutable std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  std::size_t open_ = 0;
};

}  // namespace surveyor::common
