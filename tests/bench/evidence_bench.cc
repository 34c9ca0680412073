// Fills a SQLite store for the evidence benchmark (tests/bench/
// evidence_bench.sh): a tenant of N hosts, each enrolled DAYS days ago with
// a software inventory of ~60 packages (through the real ingest), then the
// daily evidence record of a year as the ingest writes it: one report day
// per host and day, and one control state per host and day (backups and
// signatures move every day, so every day is a change: the worst case of
// "only changes stored"). Prints what it wrote; measures nothing itself.
//   surveyor-evidence-fill --hosts N --days D --dir DIR
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>

#include "common/snapshot_delta.h"
#include "service/evidence/control_state.h"
#include "tests/packages.h"
#include "tests/service/server_harness.h"

namespace {

using namespace surveyor;
constexpr std::int64_t kDay = 86400;

v1::Snapshot Inventory(int host) {
  v1::Snapshot s;
  s.set_sequence(1);
  auto* sw = s.add_sections();
  sw->set_collector("software");
  for (int i = 0; i < 50; ++i) {
    *sw->mutable_software()->add_packages() =
        testing::DebPackage("libexample" + std::to_string(i), "1.0");
  }
  for (const char* tool : {"firefox-esr", "slack-desktop", "zoom", "clamav",
                           "restic", "bitwarden", "libreoffice-core", "git"}) {
    *sw->mutable_software()->add_packages() = testing::DebPackage(tool, "2.0");
  }
  if (host % 10 == 0) {
    *sw->mutable_software()->add_packages() =
        testing::DebPackage("teamviewer", "15.0");
  }
  common::CanonicalizeSoftware(*sw->mutable_software());
  sw->set_content_hash(common::SectionPayloadHash(*sw));
  return s;
}

v1::ControlState State(int host, std::int64_t now) {
  v1::Section protection, backup;
  auto* av = protection.mutable_protection()->add_products();
  av->set_vendor("Cisco Talos");
  av->set_product("ClamAV");
  av->set_present(true);
  av->set_running(v1::TRI_STATE_YES);
  av->mutable_signature_time()->set_seconds(now - 5 * 3600);
  auto* p = protection.mutable_protection();
  p->mutable_firewall()->set_enabled(host % 13 == 0 ? v1::TRI_STATE_NO
                                                    : v1::TRI_STATE_YES);
  p->mutable_disk_encryption()->set_encrypted(v1::TRI_STATE_YES);
  p->mutable_auto_updates()->set_enabled(v1::TRI_STATE_YES);
  auto* job = backup.mutable_backup()->add_jobs();
  job->set_product("restic");
  job->mutable_last_success()->set_seconds(host % 17 == 0 ? now - 30 * kDay
                                                          : now - 3 * 3600);
  return evidence::ControlStateOf(protection, backup, true);
}

}  // namespace

int main(int argc, char** argv) {
  int hosts = 10000, days = 365;
  std::string dir = "/tmp/surveyor-evidence-fill-" + std::to_string(::getpid());
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--hosts") hosts = std::atoi(argv[i + 1]);
    if (a == "--days") days = std::atoi(argv[i + 1]);
    if (a == "--dir") dir = argv[i + 1];
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  auto store = service::TestServer::Open(dir);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  const std::int64_t today = std::time(nullptr) / kDay;
  const std::int64_t start = (today - days) * kDay + 8 * 3600;
  std::string secret = *(*store)->AddTenant("bench", start);
  std::vector<std::int64_t> ids;
  for (int h = 0; h < hosts; ++h) {
    v1::EnrollRequest req;
    req.set_enroll_secret(secret);
    req.mutable_host()->set_machine_id("m" + std::to_string(h));
    req.mutable_host()->set_hostname("host-" + std::to_string(h));
    auto r = (*store)->Enroll(req, start);
    auto host = *(*store)->AuthenticateNode(r->node_key());
    ids.push_back(host.id);
    (void)(*store)->Ingest(host, Inventory(h), 0, start, nullptr);
    if (h % 1000 == 999) std::fprintf(stderr, "\r  hosts: %d/%d", h + 1, hosts);
  }
  std::fprintf(stderr, "\n");
  service::Store& raw = (*store)->raw();
  for (int d = 0; d < days; ++d) {
    const std::int64_t now = start + d * kDay + 2 * 3600;
    auto done = raw.InTransaction([&]() -> std::expected<void, common::Error> {
      for (int h = 0; h < hosts; ++h) {
        const std::int64_t at = now + h % 3600;
        SURVEYOR_TRY(raw.MarkReportDay(ids[h], at / kDay, at, 2));
        SURVEYOR_TRY(
            raw.AddControlState(ids[h], at, State(h, at).SerializeAsString()));
      }
      return {};
    });
    if (!done) {
      std::fprintf(stderr, "day %d: %s\n", d, done.error().message.c_str());
      return 1;
    }
    std::fprintf(stderr, "\r  days: %d/%d", d + 1, days);
  }
  std::fprintf(stderr, "\n");
  std::printf(
      "filled %d hosts x %d days: %lld report days and control "
      "states each\n",
      hosts, days, static_cast<long long>(hosts) * days);
  return 0;
}
