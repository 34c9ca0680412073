#include "collectors/snapshot_builder.h"

#include <gtest/gtest.h>

#include "common/hash.h"

namespace surveyor::collectors {
namespace {

// A collector that reports a fixed inventory, in a given order.
class FakeSoftware : public Collector {
 public:
  explicit FakeSoftware(std::vector<std::string> names, bool fail = false)
      : names_(std::move(names)), fail_(fail) {}
  std::string_view name() const override { return "software"; }
  void Collect(const CollectContext&, v1::Section& section) override {
    auto* inv = section.mutable_software();
    for (const auto& n : names_) {
      auto* p = inv->add_packages();
      p->set_name(n);
      p->set_installed(true);
    }
    if (fail_) AddSectionError(section, "/var/lib/x", "broken", 3);
  }

 private:
  std::vector<std::string> names_;
  bool fail_;
};

class FakeHost : public Collector {
 public:
  std::string_view name() const override { return "host"; }
  void Collect(const CollectContext&, v1::Section& section) override {
    section.mutable_host()->mutable_identity()->set_machine_id("abc");
  }
};

v1::Snapshot RunCollectors(std::vector<std::unique_ptr<Collector>> list) {
  auto view = HostView::Open("/");
  CollectContext ctx{*view, std::chrono::system_clock::time_point(
                                std::chrono::seconds(1700000000))};
  return BuildSnapshot(list, ctx);
}

TEST(SnapshotBuilderTest, SectionsCarryNameHashAndIdentity) {
  std::vector<std::unique_ptr<Collector>> list;
  list.push_back(std::make_unique<FakeHost>());
  list.push_back(std::make_unique<FakeSoftware>(std::vector<std::string>{"a"}));
  v1::Snapshot s = RunCollectors(std::move(list));
  ASSERT_EQ(s.sections_size(), 2);
  EXPECT_EQ(s.sections(0).collector(), "host");
  EXPECT_EQ(s.sections(1).collector(), "software");
  EXPECT_EQ(s.host().machine_id(), "abc");
  EXPECT_EQ(s.collected_at().seconds(), 1700000000);
  EXPECT_EQ(s.sections(1).content_hash().size(), 32u);
  EXPECT_EQ(s.sections(1).content_hash(), SectionContentHash(s.sections(1)));
}

TEST(SnapshotBuilderTest, HashChangesWithContentOnly) {
  auto hash_of = [](std::vector<std::string> names) {
    std::vector<std::unique_ptr<Collector>> list;
    list.push_back(std::make_unique<FakeSoftware>(std::move(names)));
    return RunCollectors(std::move(list)).sections(0).content_hash();
  };
  EXPECT_EQ(hash_of({"a", "b"}), hash_of({"a", "b"}));
  EXPECT_NE(hash_of({"a", "b"}), hash_of({"a", "c"}));
  EXPECT_NE(hash_of({}), hash_of({"a"}));
}

TEST(SnapshotBuilderTest, ErrorsAreRecordedWithCollectorName) {
  std::vector<std::unique_ptr<Collector>> list;
  list.push_back(std::make_unique<FakeSoftware>(std::vector<std::string>{"a"},
                                                /*fail=*/true));
  v1::Snapshot s = RunCollectors(std::move(list));
  ASSERT_EQ(s.sections(0).errors_size(), 1);
  const auto& e = s.sections(0).errors(0);
  EXPECT_EQ(e.collector(), "software");
  EXPECT_EQ(e.source(), "/var/lib/x");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(s.sections(0).software().packages_size(), 1);
}

}  // namespace
}  // namespace surveyor::collectors
