// Benchmark of the findings engine on a real SQLite store: a tenant of N
// hosts (default 10,000), each with ~60 packages (some of them catalogued
// tools: chat, conferencing, backup, anti-malware, now and then a
// remote-access tool), protection and backup sections. Reports:
//   - a whole-tenant evaluation (every host and every category),
//   - per-snapshot ingest cost with and without the engine's incremental
//     re-evaluation, side by side, for an unchanged check-in, a library
//     upgrade, and a remote-access tool installed (a category re-evaluated).
// Measures and prints; never fails on a slow machine.
//   surveyor-findings-bench [--hosts N] [--dir DIR]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "common/snapshot_delta.h"
#include "service/findings/engine.h"
#include "tests/packages.h"
#include "tests/service/server_harness.h"

namespace {

using namespace surveyor;
using Clock = std::chrono::steady_clock;

constexpr std::int64_t kNow = 1'800'000'000;

std::vector<v1::Package> Packages(int host, int round, bool extra_tool) {
  std::vector<v1::Package> out;
  for (int i = 0; i < 50; ++i) {
    out.push_back(
        testing::DebPackage("libexample" + std::to_string(i),
                            i == 0 ? "1." + std::to_string(round) : "1.0"));
  }
  for (const char* tool : {"firefox-esr", "slack-desktop", "zoom", "clamav",
                           "restic", "bitwarden", "libreoffice-core", "git"}) {
    out.push_back(testing::DebPackage(tool, "2.0"));
  }
  if (host % 10 == 0) out.push_back(testing::DebPackage("teamviewer", "15.0"));
  if (host % 7 == 0) out.push_back(testing::DebPackage("discord", "0.0.30"));
  if (extra_tool) out.push_back(testing::DebPackage("anydesk", "6.3.0"));
  return out;
}

v1::Snapshot MakeSnapshot(int host, std::uint64_t seq, int round,
                          bool extra_tool) {
  v1::Snapshot s;
  s.set_sequence(seq);
  auto* sw = s.add_sections();
  sw->set_collector("software");
  for (auto& p : Packages(host, round, extra_tool)) {
    *sw->mutable_software()->add_packages() = std::move(p);
  }
  sw->set_content_hash(common::SectionPayloadHash(*sw));
  auto* pr = s.add_sections();
  pr->set_collector("protection");
  auto* av = pr->mutable_protection()->add_products();
  av->set_product("ClamAV");
  av->set_present(true);
  av->mutable_signature_time()->set_seconds(kNow - 3600);
  pr->mutable_protection()->mutable_firewall()->set_enabled(
      host % 13 == 0 ? v1::TRI_STATE_NO : v1::TRI_STATE_YES);
  pr->mutable_protection()->mutable_disk_encryption()->set_encrypted(
      v1::TRI_STATE_YES);
  pr->set_content_hash(common::SectionPayloadHash(*pr));
  auto* bk = s.add_sections();
  bk->set_collector("backup");
  auto* job = bk->mutable_backup()->add_jobs();
  job->set_product("restic");
  job->mutable_last_success()->set_seconds(host % 17 == 0 ? kNow - 30 * 86400
                                                          : kNow - 3600);
  bk->set_content_hash(common::SectionPayloadHash(*bk));
  return s;
}

double Ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

}  // namespace

int main(int argc, char** argv) {
  int hosts = 10000;
  std::string dir =
      "/tmp/surveyor-findings-bench-" + std::to_string(::getpid());
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--hosts") hosts = std::atoi(argv[i + 1]);
    if (a == "--dir") dir = argv[i + 1];
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::filesystem::remove_all(dir);
  auto store = service::TestServer::Open(dir);
  auto catalog = findings::Catalog::Builtin();
  if (!store || !catalog) {
    std::fprintf(stderr, "setup failed\n");
    return 1;
  }
  findings::Engine engine((*store)->raw(), *catalog);
  (void)engine.SyncCatalog(kNow);
  std::string secret = *(*store)->AddTenant("bench", kNow);
  std::int64_t tenant = (*(*store)->FindTenant("bench"))->id;
  std::vector<std::string> keys;
  std::printf(
      "findings benchmark: %d hosts, 61-63 packages each, catalog of "
      "%d products\n",
      hosts, catalog->proto().products_size());
  auto t0 = Clock::now();
  for (int h = 0; h < hosts; ++h) {
    v1::EnrollRequest req;
    req.set_enroll_secret(secret);
    req.mutable_host()->set_machine_id("m" + std::to_string(h));
    req.mutable_host()->set_hostname("host-" + std::to_string(h));
    auto r = (*store)->Enroll(req, kNow);
    keys.push_back(r->node_key());
    auto host = *(*store)->AuthenticateNode(r->node_key());
    service::IngestStats stats;
    (void)(*store)->Ingest(host, MakeSnapshot(h, 1, 0, false), 0, kNow, &stats);
    (void)engine.AfterIngest(host, stats, kNow);
    if (h % 1000 == 999) {
      std::fprintf(stderr, "\r  loading: %d/%d hosts", h + 1, hosts);
    }
  }
  std::fprintf(stderr, "\n");
  std::printf("load (enroll + first snapshot + incremental findings): %.1f s\n",
              Ms(Clock::now() - t0) / 1000);

  t0 = Clock::now();
  auto full = engine.EvaluateTenant(tenant, kNow + 60);
  double full_ms = Ms(Clock::now() - t0);
  auto open = (*store)->ListFindings(tenant, true);
  std::printf(
      "whole-tenant evaluation: %.0f ms for %d hosts and %d categories "
      "(%.1f us per host); %zu open findings\n",
      full_ms, full->hosts, full->categories, full_ms * 1000 / hosts,
      open->size());

  // Per-snapshot cost, with and without the engine, side by side.
  const int kSample = std::min(hosts, 2000);
  auto measure = [&](const char* what, int round, bool extra, bool with) {
    static std::uint64_t seq = 1;
    ++seq;
    auto start = Clock::now();
    int evaluated_hosts = 0, evaluated_categories = 0;
    for (int h = 0; h < kSample; ++h) {
      auto host =
          *(*store)->AuthenticateNode(keys[static_cast<std::size_t>(h)]);
      service::IngestStats stats;
      auto snap = MakeSnapshot(h, seq, round, extra);
      (void)(*store)->Ingest(
          host, snap, 0, kNow + 120 + static_cast<std::int64_t>(seq), &stats);
      if (with) {
        auto e = engine.AfterIngest(
            host, stats, kNow + 120 + static_cast<std::int64_t>(seq));
        evaluated_hosts += e->hosts;
        evaluated_categories += e->categories;
      }
    }
    double us = Ms(Clock::now() - start) * 1000 / kSample;
    std::printf(
        "  %-34s %-8s %8.1f us/snapshot  (hosts re-evaluated %d, "
        "categories %d)\n",
        what, with ? "engine" : "no-eng", us, evaluated_hosts,
        evaluated_categories);
    return us;
  };
  std::printf(
      "per-snapshot ingest over %d hosts (full sections; store only "
      "vs store + findings):\n",
      kSample);
  double a0 = measure("unchanged check-in", 0, false, false);
  double a1 = measure("unchanged check-in", 0, false, true);
  double b0 = measure("library upgrade", 1, false, false);
  double b1 = measure("library upgrade", 2, false, true);
  // Install and remove without the engine (its tables stay as they were),
  // then install with it: the same change both ways.
  double c0 = measure("remote-access tool installed", 2, true, false);
  measure("remote-access tool removed", 2, false, false);
  double c1 = measure("remote-access tool installed", 2, true, true);
  std::printf(
      "engine overhead: unchanged %.2fx, library upgrade %.2fx, "
      "remote-access tool installed %.2fx\n",
      a1 / a0, b1 / b0, c1 / c0);
  std::filesystem::remove_all(dir);
  return 0;
}
