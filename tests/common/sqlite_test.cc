#include "common/sqlite.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace surveyor::common {
namespace {

namespace fs = std::filesystem;

class SqliteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("surveyor-sqlite-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(SqliteTest, WriteThenReadImmutableCreatesNoFiles) {
  std::string path = (dir_ / "db.sqlite").string();
  {
    auto db = Database::Open(path, Database::Mode::kReadWrite);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(db->Exec("CREATE TABLE t (k INTEGER, v BLOB)"));
    auto ins = db->Prepare("INSERT INTO t VALUES (?, ?)");
    ASSERT_TRUE(ins);
    ASSERT_TRUE(ins->Bind(1, std::int64_t{7}));
    ASSERT_TRUE(ins->BindBlob(2, std::string_view("a\0b", 3)));
    ASSERT_TRUE(ins->Step());
  }
  auto before = std::distance(fs::directory_iterator(dir_), {});
  auto db = Database::Open(path, Database::Mode::kImmutable);
  ASSERT_TRUE(db) << db.error().message;
  auto sel = db->Prepare("SELECT k, v FROM t");
  ASSERT_TRUE(sel);
  auto row = sel->Step();
  ASSERT_TRUE(row && *row);
  EXPECT_EQ(sel->ColumnInt(0), 7);
  EXPECT_EQ(sel->ColumnBlob(1), std::string_view("a\0b", 3));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), {}), before);
}

TEST_F(SqliteTest, GarbageFileIsAParseErrorWithThePath) {
  std::string path = (dir_ / "garbage.sqlite").string();
  std::ofstream(path) << std::string(4096, 'x');
  auto db = Database::Open(path, Database::Mode::kImmutable);
  ASSERT_TRUE(db);  // SQLite reads lazily; the first statement fails.
  auto stmt = db->Prepare("SELECT 1 FROM sqlite_master");
  ASSERT_FALSE(stmt);
  EXPECT_EQ(stmt.error().code, ErrorCode::kParse);
  EXPECT_NE(stmt.error().message.find("garbage.sqlite"), std::string::npos);
}

TEST_F(SqliteTest, MissingFileReadOnlyFails) {
  auto db = Database::Open((dir_ / "absent.sqlite").string(),
                           Database::Mode::kReadOnly);
  EXPECT_FALSE(db);
}

}  // namespace
}  // namespace surveyor::common
