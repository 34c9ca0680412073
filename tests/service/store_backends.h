// The store backends a parameterised test runs on, and a fresh empty store
// URL per test: a new directory for SQLite, a new database in the process's
// PostgreSQL cluster (tests/pg_cluster.h) for PostgreSQL.
//
//   class MyTest : public ::testing::TestWithParam<Backend> { ... };
//   INSTANTIATE_TEST_SUITE_P(Backends, MyTest, kBothBackends, BackendName);
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "tests/pg_cluster.h"

namespace surveyor::service {

enum class Backend { kSqlite, kPostgres };

inline const auto kBothBackends =
    ::testing::Values(Backend::kSqlite, Backend::kPostgres);

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

// Owns the SQLite directory (removed at destruction); PostgreSQL databases
// go with the cluster at process exit.
class FreshStore {
 public:
  explicit FreshStore(Backend backend) {
    if (backend == Backend::kPostgres) {
      auto* cluster = testing_pg::SharedCluster();
      if (cluster != nullptr) url_ = cluster->NewDatabase();
      return;
    }
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = info ? info->name() : "store";
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    dir_ = std::filesystem::temp_directory_path() /
           ("surveyor-store-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir_);
    url_ = "sqlite:" + dir_.string();
  }
  ~FreshStore() {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  FreshStore(const FreshStore&) = delete;
  FreshStore& operator=(const FreshStore&) = delete;

  // Empty when PostgreSQL could not start (the test has failed already).
  const std::string& url() const { return url_; }

 private:
  std::filesystem::path dir_;
  std::string url_;
};

}  // namespace surveyor::service
