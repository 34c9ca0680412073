#include "service/http/router.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "service/http/worker_pool.h"

namespace surveyor::service {
namespace {

using boost::beast::http::verb;

TEST(RouterTest, NamedParametersAndMethods) {
  Router<int> r;
  r.Add(verb::get, "/v1/tenants", 1);
  r.Add(verb::get, "/v1/tenants/{tenant}/policy", 2);
  r.Add(verb::put, "/v1/tenants/{tenant}/policy", 3);
  r.Add(verb::get, "/v1/hosts/{agent}/software", 4);

  auto found = std::get<Router<int>::Found>(
      r.Match(verb::put, "/v1/tenants/dental/policy"));
  EXPECT_EQ(*found.entry, 3);
  EXPECT_EQ(found.params.at("tenant"), "dental");
  found = std::get<Router<int>::Found>(
      r.Match(verb::get, "/v1/hosts/ag_1/software"));
  EXPECT_EQ(*found.entry, 4);
  EXPECT_EQ(found.params.at("agent"), "ag_1");

  auto bad = std::get<Router<int>::MethodNotAllowed>(
      r.Match(verb::delete_, "/v1/tenants/dental/policy"));
  EXPECT_EQ(bad.allow, "GET, PUT");
  EXPECT_EQ(std::get<Router<int>::MethodNotAllowed>(
                r.Match(verb::post, "/v1/tenants"))
                .allow,
            "GET");

  for (const char* path :
       {"/v1/tenants/", "/v1/tenants//policy", "/v1/tenants/a/b/policy",
        "/v1/tenants/a/policy/", "/v1/tenantsx", "", "/", "v1/tenants",
        "/v1/hosts/a/software/x"}) {
    EXPECT_TRUE(
        std::holds_alternative<Router<int>::NotFound>(r.Match(verb::get, path)))
        << path;
  }
}

TEST(RouterTest, PathsArePercentDecodedPerSegment) {
  Router<int> r;
  r.Add(verb::get, "/v1/tenants/{tenant}/hosts", 1);
  auto found = std::get<Router<int>::Found>(
      r.Match(verb::get, "/v1/tenants/ac%6De/h%6Fsts"));
  EXPECT_EQ(found.params.at("tenant"), "acme");
  found = std::get<Router<int>::Found>(
      r.Match(verb::get, "/v1/tenants/a%20b%C3%A9/hosts"));
  EXPECT_EQ(found.params.at("tenant"), "a b\xC3\xA9");
  // An encoded '/' does not split a segment, and does not match either.
  EXPECT_TRUE(std::holds_alternative<Router<int>::NotFound>(
      r.Match(verb::get, "/v1/tenants/a%2Fb/hosts")));

  EXPECT_EQ(DecodeSegment("%41%62c"), "Abc");
  for (const char* bad : {"%", "%4", "%zz", "a%2f", "%0A", "%7F", "%00x"}) {
    EXPECT_FALSE(DecodeSegment(bad)) << bad;
  }
  EXPECT_TRUE(ValidPath("/v1/tenants/ac%6De"));
  EXPECT_TRUE(ValidPath("/"));
  for (const char* bad : {"", "*", "/v1/%", "/v1/a%2Fb/c", "/v1/%0d%0a"}) {
    EXPECT_FALSE(ValidPath(bad)) << bad;
  }
}

struct Ctx {
  int id;
};

TEST(WorkerPoolTest, FullLaneRefusesInsteadOfBlocking) {
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::atomic<int> contexts{0};
  WorkerPool<Ctx> pool(
      1, 2, [&](Lane) { return std::make_unique<Ctx>(Ctx{contexts++}); });
  std::promise<void> started;
  // One job runs (blocked), two wait: the lane is full.
  ASSERT_TRUE(pool.Post(Lane::kWrite, [&](Ctx&) {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();
  std::atomic<int> ran{0};
  EXPECT_TRUE(pool.Post(Lane::kWrite, [&](Ctx&) { ++ran; }));
  EXPECT_TRUE(pool.Post(Lane::kWrite, [&](Ctx&) { ++ran; }));
  EXPECT_FALSE(pool.Post(Lane::kWrite, [&](Ctx&) { ++ran; }));
  EXPECT_EQ(pool.Waiting(Lane::kWrite), 2u);
  // The read lane is independent: reads go on while the writer is busy.
  std::promise<int> read;
  ASSERT_TRUE(pool.Post(Lane::kRead, [&](Ctx& c) { read.set_value(c.id); }));
  EXPECT_GE(read.get_future().get(), 0);
  release.set_value();
  std::promise<void> last;
  while (!pool.Post(Lane::kWrite, [&](Ctx&) { last.set_value(); })) {
    std::this_thread::yield();
  }
  last.get_future().wait();
  EXPECT_EQ(ran.load(), 2);
  EXPECT_EQ(contexts.load(), 2);  // One per thread, made on that thread.
}

}  // namespace
}  // namespace surveyor::service
