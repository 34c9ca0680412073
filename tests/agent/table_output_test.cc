#include "agent/table_output.h"

#include <gtest/gtest.h>

namespace surveyor::agent {
namespace {

v1::Package* Add(v1::SoftwareInventory& inv, v1::PackageSource source,
                 const std::string& name, bool installed = true) {
  auto* p = inv.add_packages();
  p->set_source(source);
  p->set_name(name);
  p->set_version("1.0");
  p->set_installed(installed);
  return p;
}

TEST(TableOutputTest, SummaryCountsPerSource) {
  v1::SoftwareInventory inv;
  for (int i = 0; i < 1200; ++i) {
    Add(inv, v1::PACKAGE_SOURCE_DPKG, "p" + std::to_string(i));
  }
  Add(inv, v1::PACKAGE_SOURCE_SNAP, "zoom-client");
  Add(inv, v1::PACKAGE_SOURCE_DPKG, "half", false)
      ->mutable_dpkg()
      ->set_state("half-installed");
  EXPECT_EQ(SoftwareSummary(inv),
            "1,201 installed packages: 1,200 dpkg, 1 snap (+1 dpkg not fully "
            "installed)");
}

TEST(TableOutputTest, ColumnsAlignAndErrorsAreListed) {
  v1::Snapshot snap;
  auto* s = snap.add_sections();
  s->set_collector("software");
  auto* inv = s->mutable_software();
  Add(*inv, v1::PACKAGE_SOURCE_DPKG, "a")->set_architecture("amd64");
  Add(*inv, v1::PACKAGE_SOURCE_FLATPAK, "org.mozilla.firefox")
      ->set_architecture("x86_64");
  auto* e = s->add_errors();
  e->set_collector("software");
  e->set_source("/var/lib/dpkg/status");
  e->set_line(42);
  e->set_reason("invalid Status field");
  std::string out = RenderTable(snap);
  EXPECT_NE(out.find("SOURCE   NAME                 VERSION  ARCH"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("dpkg     a                    1.0      amd64"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("software: /var/lib/dpkg/status:42: invalid Status field"),
            std::string::npos)
      << out;
}

}  // namespace
}  // namespace surveyor::agent
