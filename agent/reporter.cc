#include "agent/reporter.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "collectors/builtin.h"
#include "collectors/host/host_collector.h"
#include "collectors/snapshot_builder.h"
#include "common/logging.h"
#include "surveyor/v1/service.pb.h"

namespace surveyor::agent {
namespace {

using common::Error;
using common::ErrorCode;
using common::Fail;

std::string NowText() {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
}

}  // namespace

Reporter::Reporter(const v1::AgentConfig& config, AgentState& state,
                   Transport& transport, collectors::CommandRunner* commands)
    : config_(config),
      state_(state),
      transport_(transport),
      commands_(commands) {
  // The backoff survives the process: the daemon runs each cycle in a new
  // worker.
  if (auto f = state_.Fact("send_failures"); f && !f->empty()) {
    failures_ = std::clamp(std::atoi(f->c_str()), 0, 30);
  }
}

void Reporter::ResetFailures() {
  if (failures_ == 0) return;
  failures_ = 0;
  (void)state_.SetFact("send_failures", "0");
}

std::string Reporter::Root() const {
  return config_.root().empty() ? "/" : config_.root();
}

std::vector<std::string> Reporter::CollectorNames() const {
  std::vector<std::string> names;
  for (const auto& c : collectors::BuiltinCollectors()) {
    names.emplace_back(c->name());
  }
  return names;
}

std::expected<std::uint64_t, Error> Reporter::CollectAndQueue(
    const std::set<std::string>& only) {
  auto view = collectors::HostView::Open(Root());
  if (!view) return std::unexpected(view.error());
  collectors::CollectContext ctx{*view, std::chrono::system_clock::now(),
                                 config_,
                                 view->is_live() ? commands_ : nullptr};
  std::vector<std::unique_ptr<collectors::Collector>> chosen;
  std::vector<std::unique_ptr<collectors::Collector>> all =
      collectors::BuiltinCollectors();
  for (auto& c : all) {
    if (only.empty() || only.contains(std::string(c->name()))) {
      chosen.push_back(std::move(c));
    }
  }
  v1::Snapshot snapshot = collectors::BuildSnapshot(chosen, ctx);
  if (!snapshot.has_host()) {
    // Identity travels with every snapshot, even without the host section.
    v1::Section host;
    collectors::host::HostCollector().Collect(ctx, host);
    *snapshot.mutable_host() = host.host().identity();
  }
  snapshot.set_agent_version(SURVEYOR_VERSION);
  auto enrollment = state_.LoadEnrollment();
  if (enrollment && *enrollment) snapshot.set_agent_id((*enrollment)->agent_id);
  auto seq = state_.Enqueue(std::move(snapshot));
  if (!seq) return std::unexpected(seq.error());
  (void)state_.SetFact("last_collect", NowText());
  common::Logger("agent")->debug("queued snapshot {}", *seq);
  return *seq;
}

std::expected<Enrollment, Error> Reporter::EnsureEnrolled() {
  auto existing = state_.LoadEnrollment();
  if (!existing) return std::unexpected(existing.error());
  if (*existing) return **existing;
  const std::string& path = config_.server().enroll_secret_file();
  std::ifstream in(path);
  if (!in) {
    return Fail(ErrorCode::kNotFound,
                path + ": cannot read the enrollment secret");
  }
  std::string secret;
  std::getline(in, secret);
  while (!secret.empty() && (secret.back() == '\r' || secret.back() == ' ')) {
    secret.pop_back();
  }
  auto view = collectors::HostView::Open(Root());
  if (!view) return std::unexpected(view.error());
  collectors::CollectContext ctx{*view, std::chrono::system_clock::now()};
  v1::Section host;
  collectors::host::HostCollector().Collect(ctx, host);
  v1::EnrollRequest req;
  req.set_enroll_secret(secret);
  *req.mutable_host() = host.host().identity();
  req.set_agent_version(SURVEYOR_VERSION);
  auto r = transport_.Post("/v1/enroll", req.SerializeAsString(), "");
  if (!r) return std::unexpected(r.error());
  if (r->status != 200) {
    return Fail(
        r->status == 401 ? ErrorCode::kPermissionDenied : ErrorCode::kIo,
        "enrollment refused: HTTP " + std::to_string(r->status) + ": " +
            r->body.substr(0, 200));
  }
  v1::EnrollResponse resp;
  if (!resp.ParseFromString(r->body) || resp.node_key().empty()) {
    return Fail(ErrorCode::kParse,
                "enrollment answer is not an EnrollResponse");
  }
  Enrollment e{resp.agent_id(), resp.node_key()};
  SURVEYOR_TRY(state_.SaveEnrollment(e));
  common::Logger("agent")->info("enrolled as {}", e.agent_id);
  return e;
}

std::chrono::seconds Reporter::Backoff() {
  // 5 s doubling to an hour, +-20% jitter so a fleet does not retry in step.
  double base = std::min(
      3600.0, 5.0 * static_cast<double>(1u << std::min(failures_, 10)));
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  ++failures_;
  (void)state_.SetFact("send_failures", std::to_string(failures_));
  return std::chrono::seconds(static_cast<long>(base * jitter(rng_)));
}

FlushResult Reporter::Flush() {
  FlushResult out;
  auto log = common::Logger("agent");
  int reenrolls = 0;
  while (true) {
    auto item = state_.Oldest();
    if (!item) {
      out.error = item.error().message;
      out.retry_in = Backoff();
      return out;
    }
    if (!*item) {
      out.drained = true;
      ResetFailures();
      (void)state_.SetFact("last_error", "");
      return out;
    }
    auto enrollment = EnsureEnrolled();
    if (!enrollment) {
      out.error = enrollment.error().message;
      out.retry_in = Backoff();
      (void)state_.SetFact("last_error", out.error);
      return out;
    }
    auto r =
        transport_.Post("/v1/snapshots", (*item)->body, enrollment->node_key);
    if (!r) {
      out.error = r.error().message;
      out.retry_in = Backoff();
      (void)state_.SetFact("last_error", out.error);
      log->warn("send failed: {}", out.error);
      return out;
    }
    if (r->status == 200) {
      v1::SubmitResponse resp;
      if (!resp.ParseFromString(r->body)) {
        out.error = "server answer is not a SubmitResponse";
        out.retry_in = Backoff();
        return out;
      }
      (void)state_.Acknowledge(
          std::max(resp.acknowledged_sequence(), (*item)->sequence));
      (void)state_.SetFact("last_send", NowText());
      for (const auto& c : resp.resend_full()) {
        if (std::find(out.resend_full.begin(), out.resend_full.end(), c) ==
            out.resend_full.end()) {
          out.resend_full.push_back(c);
        }
      }
      if (!resp.resend_full().empty()) {
        std::vector<std::string> names(resp.resend_full().begin(),
                                       resp.resend_full().end());
        (void)state_.ForgetBases(names);
      }
      ResetFailures();
      continue;
    }
    if (r->status == 401 && reenrolls++ < 1) {
      log->warn("server does not know our node key; enrolling again");
      (void)state_.ForgetEnrollment();
      continue;
    }
    if (r->status == 429 || r->status == 503) {
      out.retry_in = r->retry_after ? *r->retry_after : Backoff();
      out.error = "server busy (HTTP " + std::to_string(r->status) + ")";
      (void)state_.SetFact("last_error", out.error);
      return out;
    }
    if (r->status == 400 || r->status == 403 || r->status == 413) {
      // The server will never take this snapshot; keeping it would block
      // every later one. Drop it and send complete sections next.
      out.error = "snapshot " + std::to_string((*item)->sequence) +
                  " refused: HTTP " + std::to_string(r->status) + ": " +
                  r->body.substr(0, 200);
      log->error("{}", out.error);
      (void)state_.SetFact("last_error", out.error);
      (void)state_.Acknowledge((*item)->sequence);
      (void)state_.ForgetBases(CollectorNames());
      continue;
    }
    out.error =
        "HTTP " + std::to_string(r->status) + ": " + r->body.substr(0, 200);
    out.retry_in = Backoff();
    (void)state_.SetFact("last_error", out.error);
    return out;
  }
}

}  // namespace surveyor::agent
