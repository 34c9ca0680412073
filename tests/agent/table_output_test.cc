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

// What a person reading `collect` needs: stale signatures marked like stale
// backups, held packages marked, "?" explained, each error printed once.
TEST(TableOutputTest, StaleSignaturesHeldPackagesLegendAndErrorsOnce) {
  constexpr std::int64_t kNow = 1'800'000'000;
  v1::Snapshot snap;
  snap.mutable_collected_at()->set_seconds(kNow);
  auto* sw = snap.add_sections();
  sw->set_collector("software");
  auto* held = Add(*sw->mutable_software(), v1::PACKAGE_SOURCE_DPKG, "kernel");
  held->mutable_dpkg()->set_want("hold");
  held->mutable_dpkg()->set_state("installed");
  auto* pr = snap.add_sections();
  pr->set_collector("protection");
  auto* clam = pr->mutable_protection()->add_products();
  clam->set_vendor("Cisco Talos");
  clam->set_product("ClamAV");
  clam->set_present(true);
  clam->mutable_signature_time()->set_seconds(kNow - 10 * 86400);
  auto* bk = snap.add_sections();
  bk->set_collector("backup");
  auto* job = bk->mutable_backup()->add_jobs();
  job->set_product("restic");
  job->set_job_id("nas");
  job->set_status(v1::BACKUP_STATUS_NEVER_SUCCEEDED);
  job->set_error("Fatal: repository does not exist");
  auto* e = bk->add_errors();
  e->set_collector("backup");
  e->set_source("restic snapshots (nas)");
  e->set_reason("Fatal: repository does not exist");
  std::string out = RenderTable(snap);
  EXPECT_NE(out.find("held"), std::string::npos) << out;
  EXPECT_NE(out.find("(10 days ago) STALE"), std::string::npos) << out;
  EXPECT_NE(out.find("? = not known: the tool did not tell"), std::string::npos)
      << out;
  EXPECT_NE(out.find("NEVER SUCCEEDED"), std::string::npos) << out;
  EXPECT_NE(out.find("see errors below"), std::string::npos) << out;
  std::size_t count = 0;
  for (auto pos = out.find("repository does not exist");
       pos != std::string::npos;
       pos = out.find("repository does not exist", pos + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 1u) << out;
}

// Values from the machine (a user's File History configuration, a program's
// display name) reach the table with their control characters escaped.
TEST(TableOutputTest, ControlCharactersInCollectedValuesAreEscaped) {
  v1::Snapshot snap;
  auto* sw = snap.add_sections();
  sw->set_collector("software");
  Add(*sw->mutable_software(), v1::PACKAGE_SOURCE_WINDOWS,
      "Tool\x1b]0;owned\x07");
  auto* bk = snap.add_sections();
  bk->set_collector("backup");
  auto* job = bk->mutable_backup()->add_jobs();
  job->set_product("File History");
  job->set_job_id("ana\x1b[2J");
  job->set_target("E:\\\r\n");
  const std::string out = RenderTable(snap);
  for (char c : out) {
    EXPECT_TRUE(c == '\n' || static_cast<unsigned char>(c) >= 0x20) << out;
  }
  EXPECT_NE(out.find("Tool\\x1b]0;owned\\x07"), std::string::npos) << out;
  EXPECT_NE(out.find("ana\\x1b[2J"), std::string::npos) << out;
  EXPECT_NE(out.find("E:\\\\x0d\\x0a"), std::string::npos) << out;
}

}  // namespace
}  // namespace surveyor::agent
