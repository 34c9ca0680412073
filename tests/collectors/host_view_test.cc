#include "collectors/host_view.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace surveyor::collectors {
namespace {

namespace fs = std::filesystem;

class HostViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("surveyor-view-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "etc");
    fs::create_directories(root_ / "usr/lib");
    std::ofstream(root_ / "usr/lib/os-release") << "ID=inside\n";
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(HostViewTest, AbsoluteSymlinkResolvesInsideTheRoot) {
  // In an image, /etc/os-release -> /usr/lib/os-release must not read the
  // os-release of the machine running the agent.
  fs::create_symlink("/usr/lib/os-release", root_ / "etc/os-release");
  auto view = HostView::Open(root_.string());
  ASSERT_TRUE(view);
  EXPECT_FALSE(view->is_live());
  auto data = view->ReadFile("/etc/os-release");
  ASSERT_TRUE(data) << data.error().message;
  EXPECT_EQ(*data, "ID=inside\n");
}

TEST_F(HostViewTest, DotDotCannotEscapeTheRoot) {
  fs::create_symlink("../../../../../../../etc/passwd", root_ / "etc/evil");
  auto view = HostView::Open(root_.string());
  ASSERT_TRUE(view);
  auto data = view->ReadFile("/etc/evil");
  EXPECT_FALSE(data);  // Resolves to <root>/etc/passwd, which is absent.
  EXPECT_EQ(data.error().code, common::ErrorCode::kNotFound);
}

TEST_F(HostViewTest, MissingFileIsNotFound) {
  auto view = HostView::Open(root_.string());
  ASSERT_TRUE(view);
  auto data = view->ReadFile("/var/lib/dpkg/status");
  ASSERT_FALSE(data);
  EXPECT_EQ(data.error().code, common::ErrorCode::kNotFound);
  EXPECT_NE(data.error().message.find("/var/lib/dpkg/status"),
            std::string::npos);
}

TEST_F(HostViewTest, SizeLimitIsEnforced) {
  std::ofstream(root_ / "etc/big") << std::string(5000, 'x');
  auto view = HostView::Open(root_.string());
  ASSERT_TRUE(view);
  auto data = view->ReadFile("/etc/big", 4096);
  ASSERT_FALSE(data);
  EXPECT_EQ(data.error().code, common::ErrorCode::kResourceExhausted);
}

TEST_F(HostViewTest, ListStatReadLinkAndHostPath) {
  fs::create_symlink("abc123", root_ / "etc/active");
  auto view = HostView::Open(root_.string());
  ASSERT_TRUE(view);
  auto entries = view->ListDir("/etc");
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_TRUE((*entries)[0].is_symlink);
  auto link = view->ReadLink("/etc/active");
  ASSERT_TRUE(link);
  EXPECT_EQ(*link, "abc123");
  auto st = view->Stat("/usr/lib");
  ASSERT_TRUE(st);
  EXPECT_TRUE(st->is_dir);
  auto host_path = view->HostPath("/usr/lib/os-release");
  ASSERT_TRUE(host_path);
  EXPECT_EQ(fs::path(*host_path), fs::canonical(root_ / "usr/lib/os-release"));
}

TEST_F(HostViewTest, OpenRejectsMissingRoot) {
  auto view = HostView::Open((root_ / "nope").string());
  ASSERT_FALSE(view);
  EXPECT_NE(view.error().message.find("nope"), std::string::npos);
}

TEST(HostViewLiveTest, SlashIsLive) {
  auto view = HostView::Open("/");
  ASSERT_TRUE(view);
  EXPECT_TRUE(view->is_live());
}

}  // namespace
}  // namespace surveyor::collectors
