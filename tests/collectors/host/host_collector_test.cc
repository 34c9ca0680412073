#include "collectors/host/host_collector.h"

#include <gtest/gtest.h>

namespace surveyor::collectors::host {
namespace {

v1::Section CollectRoot(const std::string& root) {
  auto view = HostView::Open(root);
  EXPECT_TRUE(view) << root;
  CollectContext ctx{*view, std::chrono::system_clock::now()};
  v1::Section section;
  section.set_collector("host");
  HostCollector().Collect(ctx, section);
  return section;
}

TEST(HostCollectorTest, FixtureRoot) {
  v1::Section s =
      CollectRoot(std::string(SURVEYOR_FIXTURES) + "/roots/debian-desktop");
  EXPECT_EQ(s.errors_size(), 0);
  const auto& h = s.host();
  EXPECT_EQ(h.identity().machine_id(), "0f2c3a6a9b8e4d6e8a1b2c3d4e5f6a7b");
  EXPECT_EQ(h.identity().hostname(), "reception-pc");
  EXPECT_EQ(h.os().id(), "debian");
  EXPECT_EQ(h.os().version_id(), "12");
  // Not a live root: no kernel or CPU facts from the machine running the test.
  EXPECT_EQ(h.cpu_count(), 0u);
  EXPECT_TRUE(h.kernel_release().empty());
}

TEST(HostCollectorTest, LiveMachine) {
  v1::Section s = CollectRoot("/");
  EXPECT_EQ(s.errors_size(), 0);
  const auto& h = s.host();
  EXPECT_FALSE(h.identity().hostname().empty());
  EXPECT_FALSE(h.kernel_release().empty());
  EXPECT_FALSE(h.architecture().empty());
  EXPECT_GT(h.cpu_count(), 0u);
  EXPECT_GT(h.memory_bytes(), 0u);
}

}  // namespace
}  // namespace surveyor::collectors::host
