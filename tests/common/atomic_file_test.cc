#include "common/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace surveyor::common {
namespace {

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/atomic_file_test.XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static std::string Read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::string dir_;
};

TEST_F(AtomicFileTest, WritesReplacesAndLeavesNoTemporary) {
  const std::string path = dir_ + "/port";
  ASSERT_TRUE(WriteFileAtomic(path, "8443\n", 0644));
  EXPECT_EQ(Read(path), "8443\n");
  ASSERT_TRUE(WriteFileAtomic(path, "9443\n", 0644));
  EXPECT_EQ(Read(path), "9443\n");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST_F(AtomicFileTest, ModeIsExactWhateverTheUmask) {
  const std::string path = dir_ + "/key";
  mode_t old = ::umask(0);
  auto w = WriteFileAtomic(path, "secret", 0600);
  ::umask(old);
  ASSERT_TRUE(w);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(AtomicFileTest, FailureNamesThePathAndKeepsTheOldFile) {
  auto missing = WriteFileAtomic(dir_ + "/no/such/dir/port", "1\n", 0644);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);
  EXPECT_NE(missing.error().message.find(dir_ + "/no/such/dir/port"),
            std::string::npos)
      << missing.error().message;

  // The target is a directory: rename fails, the temporary is removed and
  // the directory is untouched.
  const std::string target = dir_ + "/taken";
  std::filesystem::create_directory(target);
  auto over_dir = WriteFileAtomic(target, "1\n", 0644);
  ASSERT_FALSE(over_dir);
  EXPECT_NE(over_dir.error().message.find(target), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_directory(target));
  EXPECT_FALSE(std::filesystem::exists(target + ".tmp"));
}

}  // namespace
}  // namespace surveyor::common
