// The 25-host fixture tenant (tests/fixtures/tenant, made by
// make_fixtures.py) driven through the real Application and SQLite store on
// a fake clock: enroll each machine on first sight, send its snapshot as the
// next sequence with the fixture's relative times (signature and backup
// times <= 0 are seconds before now) rebased to now. Shared by the digest's
// and the evidence's tests over weeks.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "common/hash.h"
#include "common/textproto.h"
#include "service/app/application.h"
#include "tests/service/server_harness.h"

namespace surveyor::service {

class FixtureTenant {
 public:
  static std::string Slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  // A fresh store under the temp directory named `name`, tenant "acme"
  // with the fixture's policy, the clock at `now`.
  void Open(const std::string& name, std::int64_t now) {
    dir_ = std::filesystem::temp_directory_path() /
           (name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    auto opened = TestServer::Open(dir_.string());
    ASSERT_TRUE(opened) << opened.error().message;
    server_ = std::move(*opened);
    catalog_ = std::make_unique<findings::Catalog>(
        std::move(*findings::Catalog::Builtin()));
    now_ = now;
    secret_ = *server_->AddTenant("acme", now_);
    app_ = std::make_unique<Application>(server_->raw(), catalog_.get(),
                                         [this] { return now_; });
    tenant_ = *app_->RequireTenant("acme");
    ASSERT_TRUE(app_->SetPolicy(
        tenant_.id,
        Slurp(std::string(SURVEYOR_FIXTURES) + "/tenant/policy.textproto"),
        "policy.textproto"));
  }
  void Close() {
    app_.reset();
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  static v1::Snapshot Fixture(int n) {
    char name[32];
    std::snprintf(name, sizeof(name), "/tenant/host-%02d.textproto", n);
    v1::Snapshot s;
    auto parsed = common::ParseTextProto(
        Slurp(std::string(SURVEYOR_FIXTURES) + name), name, s);
    EXPECT_TRUE(parsed) << parsed.error().message;
    return s;
  }

  // Sends `s` as the next snapshot of its machine (enrolling it first).
  void Send(v1::Snapshot s) {
    const std::string machine = s.host().machine_id();
    if (!keys_.contains(machine)) {
      v1::EnrollRequest req;
      req.set_enroll_secret(secret_);
      *req.mutable_host() = s.host();
      auto r = server_->Enroll(req, now_);
      ASSERT_TRUE(r) << r.error().message;
      keys_[machine] = r->node_key();
      agents_[s.host().hostname()] = r->agent_id();
    }
    for (auto& sec : *s.mutable_sections()) {
      if (sec.has_protection()) {
        for (auto& p : *sec.mutable_protection()->mutable_products()) {
          Rebase(p.mutable_signature_time());
        }
      }
      if (sec.has_backup()) {
        for (auto& j : *sec.mutable_backup()->mutable_jobs()) {
          if (j.has_last_success()) Rebase(j.mutable_last_success());
        }
      }
    }
    s.set_sequence(++sequence_[machine]);
    s.set_agent_id(agents_[s.host().hostname()]);
    auto host = server_->AuthenticateNode(keys_[machine]);
    ASSERT_TRUE(host);
    const std::string body = s.SerializeAsString();
    auto r = app_->Submit(*host, s, body.size(), common::Sha256(body));
    ASSERT_TRUE(r) << r.error().message;
  }

  Application& app() { return *app_; }
  const Tenant& tenant() const { return tenant_; }
  std::int64_t& now() { return now_; }
  // Host name -> agent id.
  const std::map<std::string, std::string>& agents() const { return agents_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  void Rebase(google::protobuf::Timestamp* t) const {
    if (t->seconds() <= 0) t->set_seconds(now_ + t->seconds());
  }

  std::filesystem::path dir_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<findings::Catalog> catalog_;
  std::unique_ptr<Application> app_;
  Tenant tenant_;
  std::string secret_;
  std::int64_t now_ = 0;
  std::map<std::string, std::string> keys_, agents_;
  std::map<std::string, std::uint64_t> sequence_;
};

}  // namespace surveyor::service
