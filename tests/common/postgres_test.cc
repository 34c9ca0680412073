// common/postgres.h and common/postgres_pool.h against a real PostgreSQL 15
// (tests/pg_cluster.h), and the store factory's PostgreSQL URL rules.
#include "common/postgres.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "common/postgres_pool.h"
#include "service/store/store_factory.h"
#include "tests/pg_cluster.h"

namespace surveyor::common {
namespace {

using testing_pg::PgCluster;

std::unique_ptr<PgConnection> Connect(const std::string& url) {
  auto c = PgConnection::Connect(url);
  EXPECT_TRUE(c) << c.error().message;
  return c ? std::move(*c) : nullptr;
}

TEST(PostgresTest, BinaryParametersAndColumnsRoundTrip) {
  auto* cluster = testing_pg::SharedCluster();
  ASSERT_NE(cluster, nullptr);
  auto c = Connect(cluster->NewDatabase());
  ASSERT_NE(c, nullptr);
  const std::string bytes("a\0b\xff", 4);
  std::optional<std::int64_t> none;
  auto r = c->Query(
      "SELECT $1::bigint, $2::text, $3::bytea, $4::bigint, $5::boolean, "
      "(-7)::int4, (-3)::int2, 42::int4, $6::bigint IS NULL",
      std::int64_t{-1234567890123}, std::string("żółw\ttab"), Blob{bytes},
      std::int64_t{1} << 62, true, none);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->Int(0, 0), -1234567890123);
  EXPECT_EQ(r->Bytes(0, 1), "żółw\ttab");
  EXPECT_EQ(r->Bytes(0, 2), bytes);
  EXPECT_EQ(r->Int(0, 3), std::int64_t{1} << 62);
  EXPECT_EQ(r->Int(0, 4), 1);
  EXPECT_EQ(r->Int(0, 5), -7);
  EXPECT_EQ(r->Int(0, 6), -3);
  EXPECT_EQ(r->Int(0, 7), 42);
  EXPECT_EQ(r->Int(0, 8), 1);
}

TEST(PostgresTest, ArrayParametersUnnestToRows) {
  auto* cluster = testing_pg::SharedCluster();
  ASSERT_NE(cluster, nullptr);
  auto c = Connect(cluster->NewDatabase());
  ASSERT_NE(c, nullptr);
  // Text that an escaped array literal would get wrong travels as is.
  const std::vector<std::string> names{"a",       "",           "{\"x\", NULL}",
                                       "tab\t\\", "quote\"s\\", "żółw"};
  const std::vector<std::int64_t> numbers{
      -1, 0, 1, std::int64_t{1} << 62, -(std::int64_t{1} << 62), 7};
  auto r = c->Query(
      "SELECT n, s, i FROM unnest($1::text[], $2::bigint[]) "
      "WITH ORDINALITY AS u(s, n, i) ORDER BY i",
      names, numbers);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->rows(), 6);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(r->Bytes(i, 1), names[static_cast<std::size_t>(i)]) << i;
    EXPECT_EQ(r->Int(i, 0), numbers[static_cast<std::size_t>(i)]) << i;
  }
  auto empty = c->Query(
      "SELECT count(*), cardinality($1::text[]) IS NULL "
      "OR cardinality($1::text[]) = 0 FROM unnest($1::text[], $2::bigint[])",
      std::vector<std::string>{}, std::vector<std::int64_t>{});
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_EQ(empty->Int(0, 0), 0);
  EXPECT_EQ(empty->Int(0, 1), 1);
}

TEST(PostgresTest, ErrorsAreMappedAndTheConnectionStaysUsable) {
  auto* cluster = testing_pg::SharedCluster();
  ASSERT_NE(cluster, nullptr);
  auto c = Connect(cluster->NewDatabase());
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(c->Script("CREATE TABLE t (k TEXT PRIMARY KEY)"));
  ASSERT_TRUE(c->Query("INSERT INTO t VALUES ($1)", std::string("x")));
  auto dup = c->Query("INSERT INTO t VALUES ($1)", std::string("x"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  EXPECT_NE(dup.error().message.find("duplicate key"), std::string::npos);
  auto bad = c->Query("SELECT nope FROM t");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(c->broken());
  auto count = c->Query("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(count);
  EXPECT_EQ(count->Int(0, 0), 1);
}

TEST(PostgresTest, CopyInEscapesEveryField) {
  auto* cluster = testing_pg::SharedCluster();
  ASSERT_NE(cluster, nullptr);
  auto c = Connect(cluster->NewDatabase());
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(c->Script("CREATE TABLE t (n BIGINT, s TEXT)"));
  const std::string hostile = "tab\there\nnew\\line\r\\N";
  std::string rows;
  CopyField(rows, std::int64_t{-5}, true);
  CopyField(rows, hostile);
  rows += '\n';
  ASSERT_TRUE(c->CopyIn("COPY t (n, s) FROM STDIN", rows));
  auto r = c->Query("SELECT n, s FROM t");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->rows(), 1);
  EXPECT_EQ(r->Int(0, 0), -5);
  EXPECT_EQ(r->Bytes(0, 1), hostile);
  // A malformed row is an error, and the connection serves the next query.
  EXPECT_FALSE(c->CopyIn("COPY t (n, s) FROM STDIN", "notanumber\tx\n"));
  EXPECT_TRUE(c->Query("SELECT 1"));
}

TEST(PostgresTest, UnreachableServerIsAnIoErrorWithoutThePassword) {
  auto c = PgConnection::Connect(
      "postgresql://surveyor@/none?host=/nonexistent-dir&connect_timeout=2",
      "hunter2-secret");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kIo);
  EXPECT_EQ(c.error().message.find("hunter2"), std::string::npos);
}

TEST(PostgresPoolTest, BoundedAndWaitsForAFreeConnection) {
  auto* cluster = testing_pg::SharedCluster();
  ASSERT_NE(cluster, nullptr);
  auto pool =
      PgPool::Create(cluster->url(), "", {2, std::chrono::milliseconds(300)});
  auto a = pool->Acquire();
  auto b = pool->Acquire();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(pool->open(), 2u);
  auto c = pool->Acquire();
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kResourceExhausted);
  // A lease returned while another thread waits is handed over.
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto done = std::move(*a);
  });
  auto d = pool->Acquire();
  releaser.join();
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(pool->open(), 2u);
}

TEST(PostgresPoolTest, ConnectionsLeftInATransactionAreClosed) {
  auto* cluster = testing_pg::SharedCluster();
  ASSERT_NE(cluster, nullptr);
  auto pool = PgPool::Create(cluster->url(), "", {});
  {
    auto a = pool->Acquire();
    ASSERT_TRUE(a);
    ASSERT_TRUE((*a)->Script("BEGIN"));
  }
  EXPECT_EQ(pool->open(), 0u);
  {
    auto b = pool->Acquire();
    ASSERT_TRUE(b);
  }
  EXPECT_EQ(pool->open(), 1u);
}

TEST(PostgresPoolTest, HealsAfterTheServerRestarts) {
  // A cluster of its own: this test stops it.
  std::string error;
  auto cluster = PgCluster::Start({"fsync=off"}, &error);
  ASSERT_NE(cluster, nullptr) << error;
  auto pool = PgPool::Create(cluster->url(), "", {});
  {
    auto a = pool->Acquire();
    ASSERT_TRUE(a && (*a)->Query("SELECT 1"));
  }
  ASSERT_TRUE(cluster->Crash());
  {
    auto a = pool->Acquire();  // The idle connection, dead now.
    ASSERT_TRUE(a);
    auto r = (*a)->Query("SELECT 1");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kIo);
    EXPECT_TRUE((*a)->broken());
  }
  EXPECT_EQ(pool->open(), 0u);
  auto down = pool->Acquire();
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code, ErrorCode::kIo);
  ASSERT_TRUE(cluster->Restart());
  auto up = pool->Acquire();
  ASSERT_TRUE(up) << up.error().message;
  EXPECT_TRUE((*up)->Query("SELECT 1"));
}

TEST(StoreFactoryTest, PostgresUrlsWithPasswordsAreRefusedWithoutEchoingThem) {
  for (const std::string url :
       {"postgresql://app:hunter2@db.internal/surveyor",
        "postgres://app@db.internal/surveyor?sslmode=require&password=hunter2",
        "postgresql://db.internal/surveyor?password=hunter2"}) {
    auto s = service::OpenStore(url);
    ASSERT_FALSE(s) << url;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(s.error().message.find("hunter2"), std::string::npos);
    EXPECT_NE(s.error().message.find("password file"), std::string::npos);
  }
  auto unknown = service::OpenStore("mysql://root:hunter2@db/x");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message.find("hunter2"), std::string::npos);
}

TEST(StoreFactoryTest, PasswordComesFromTheFile) {
  // A cluster of its own with password authentication on its socket.
  std::string error;
  auto cluster = PgCluster::Start({"fsync=off"}, &error);
  ASSERT_NE(cluster, nullptr) << error;
  {
    auto c = Connect(cluster->url());
    ASSERT_NE(c, nullptr);
    ASSERT_TRUE(c->Script("CREATE ROLE app LOGIN PASSWORD 'pw-from-file'"));
    ASSERT_TRUE(c->Script("CREATE DATABASE appdb OWNER app"));
  }
  const std::string hba = cluster->dir() + "/data/pg_hba.conf";
  std::ofstream(hba) << "local all surveyor trust\nlocal all app "
                        "scram-sha-256\n";
  ASSERT_EQ(
      std::system(("chown postgres " + hba + " 2>/dev/null; true").c_str()), 0);
  {
    auto c = Connect(cluster->url());
    ASSERT_NE(c, nullptr);
    ASSERT_TRUE(c->Query("SELECT pg_reload_conf()"));
  }
  const std::string url = "postgresql://app@/appdb?host=" + cluster->dir();
  auto without = service::OpenStore(url);
  ASSERT_FALSE(without);
  EXPECT_EQ(without.error().code, ErrorCode::kIo);
  const std::string file = cluster->dir() + "/password";
  std::ofstream(file) << "pw-from-file\n";
  service::StoreOptions options;
  options.password_file = file;
  auto with = service::OpenStore(url, options);
  ASSERT_TRUE(with) << with.error().message;
  EXPECT_TRUE((*with)->Tenants());
  options.password_file = cluster->dir() + "/missing";
  auto missing = service::OpenStore(url, options);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("password file"), std::string::npos);
}

}  // namespace
}  // namespace surveyor::common
