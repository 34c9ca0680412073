// Mutation fuzzing of the ingest path: valid snapshot bodies, bit-flipped,
// truncated, spliced and random, through the real Api and a real SQLite
// store. Every request must get a definite answer (200/400/401/403/413) and the
// store must stay consistent. Deterministic seed; bounded iterations.
// (libFuzzer needs clang's libc++, which Debian's protobuf is not built
// against, so this runs as a GoogleTest with its own mutator.)
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include "common/snapshot_delta.h"
#include "service/api/api.h"
#include "tests/service/api_harness.h"
#include "tests/service/server_harness.h"

namespace surveyor::service {
namespace {

namespace fs = std::filesystem;
namespace http = boost::beast::http;

v1::Snapshot Valid(std::uint64_t seq) {
  v1::Snapshot s;
  s.set_sequence(seq);
  s.mutable_host()->set_machine_id("m1");
  auto* sec = s.add_sections();
  sec->set_collector("software");
  for (int i = 0; i < 40; ++i) {
    auto* p = sec->mutable_software()->add_packages();
    p->set_source(v1::PACKAGE_SOURCE_DPKG);
    p->set_name("pkg" + std::to_string(i));
    p->set_version("1." + std::to_string(i));
    p->set_installed(true);
    p->mutable_dpkg()->set_state("installed");
  }
  common::CanonicalizeSoftware(*sec->mutable_software());
  sec->set_content_hash(common::SectionPayloadHash(*sec));
  auto* b = s.add_sections();
  b->set_collector("backup");
  b->mutable_backup()->add_jobs()->set_product("restic");
  return s;
}

TEST(IngestFuzzTest, MutatedBodiesNeverCrashOrCorrupt) {
  fs::path dir = fs::temp_directory_path() /
                 ("surveyor-fuzz-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto store = TestServer::Open(dir.string());
  ASSERT_TRUE(store);
  auto secret = (*store)->AddTenant("t", 1);
  v1::EnrollRequest enroll;
  enroll.set_enroll_secret(*secret);
  enroll.mutable_host()->set_machine_id("m1");
  auto node = (*store)->Enroll(enroll, 1);
  ASSERT_TRUE(node);
  ApiOptions options;
  options.snapshots_per_host_per_hour = 0;  // one host posts every mutation
  ApiHarness api(
      dir.string(), nullptr, [] { return std::int64_t{1000}; }, 2, 64, options);

  std::mt19937_64 rng(20261123);
  std::vector<std::string> seeds;
  for (std::uint64_t i = 1; i <= 4; ++i)
    seeds.push_back(Valid(i).SerializeAsString());
  int accepted = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string body = seeds[rng() % seeds.size()];
    switch (rng() % 5) {
      case 0:  // bit flips
        for (int k = 0, n = 1 + static_cast<int>(rng() % 8); k < n; ++k) {
          body[rng() % body.size()] ^= static_cast<char>(1u << (rng() % 8));
        }
        break;
      case 1:  // truncation
        body.resize(rng() % body.size());
        break;
      case 2: {  // splice two seeds
        const std::string& other = seeds[rng() % seeds.size()];
        body = body.substr(0, rng() % body.size()) +
               other.substr(rng() % other.size());
        break;
      }
      case 3: {  // random bytes
        body.resize(rng() % 512);
        for (auto& ch : body) ch = static_cast<char>(rng());
        break;
      }
      default:  // byte insertions
        for (int k = 0; k < 4; ++k) {
          body.insert(
              body.begin() + static_cast<long>(rng() % (body.size() + 1)),
              static_cast<char>(rng()));
        }
    }
    HttpRequest req{http::verb::post, "/v1/snapshots", 11};
    req.set(http::field::authorization, "Bearer " + node->node_key());
    req.body() = body;
    req.prepare_payload();
    HttpResponse res = api.Call(std::move(req));
    auto code = res.result_int();
    // 409: a mutation kept the sequence of a stored snapshot but changed
    // its content.
    ASSERT_TRUE(code == 200 || code == 400 || code == 403 || code == 409 ||
                code == 413)
        << "iteration " << iter << ": HTTP " << code << " " << res.body();
    accepted += code == 200;
  }
  EXPECT_GT(accepted, 0);
  // The store still answers and the host is intact.
  auto host = (*store)->AuthenticateNode(node->node_key());
  ASSERT_TRUE(host);
  EXPECT_TRUE((*store)->HostSoftware(host->id));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace surveyor::service
