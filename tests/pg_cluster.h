// A real PostgreSQL 15 server for tests, in a temporary directory, started
// and stopped through tests/pg_cluster.sh (initdb + pg_ctl as the
// unprivileged postgres user when the tests run as root; a unix socket in
// the directory, no TCP port). A missing PostgreSQL is a test failure with
// the script's message, never a skip.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace surveyor::testing_pg {

class PgCluster {
 public:
  // Starts a cluster with extra `postgres -c` settings; on failure returns
  // nullptr and sets *error to what the script printed.
  static std::unique_ptr<PgCluster> Start(
      const std::vector<std::string>& settings, std::string* error);
  ~PgCluster();

  // A new empty database; its URL.
  std::string NewDatabase();
  // The cluster's default database "surveyor".
  std::string url() const { return UrlFor("surveyor"); }
  std::string UrlFor(const std::string& db) const;

  // Immediate shutdown (the server processes die, crash recovery follows);
  // a fast stop; starting again. Each returns whether the script succeeded.
  bool Crash();
  bool Stop();
  bool Restart();

  const std::string& dir() const { return dir_; }

 private:
  explicit PgCluster(std::string dir) : dir_(std::move(dir)) {}
  bool Run(const std::string& command) const;
  std::string dir_;
  int databases_ = 0;
};

// One cluster per test process, started on first use (fsync off: tests, not
// durability benchmarks). Fails the current test when it cannot start.
PgCluster* SharedCluster();

}  // namespace surveyor::testing_pg
