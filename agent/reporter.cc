#include "agent/reporter.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "agent/send_decision.h"
#include "collectors/builtin.h"
#include "collectors/snapshot_builder.h"
#include "common/compression.h"
#include "common/identity_key.h"
#include "common/logging.h"
#include "surveyor/v1/service.pb.h"

namespace surveyor::agent {
namespace {

using common::Error;
using common::ErrorCode;
using common::Fail;

// Bodies smaller than this travel as they are: a delta or an unchanged
// check-in gains nothing from compression.
constexpr std::size_t kCompressAbove = 1024;
constexpr int kZstdLevel = 9;

}  // namespace

Reporter::Reporter(const v1::AgentConfig& config, AgentState& state,
                   Transport& transport, collectors::CommandRunner* commands,
                   Clock clock)
    : config_(config),
      state_(state),
      transport_(transport),
      commands_(commands),
      clock_(clock ? std::move(clock)
                   : Clock(&std::chrono::system_clock::now)) {
  // The backoff survives the process: the daemon runs each cycle in a new
  // worker.
  if (auto f = state_.Fact("send_failures"); f && !f->empty()) {
    failures_ = std::clamp(std::atoi(f->c_str()), 0, 30);
  }
}

std::string Reporter::NowText() const {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                            clock_().time_since_epoch())
                            .count());
}

void Reporter::NoteFact(const std::string& key, const std::string& value) {
  if (auto r = state_.SetFact(key, value); !r) {
    common::Logger("agent")->warn("cannot record {}: {}", key,
                                  r.error().message);
  }
}

void Reporter::ResetFailures() {
  if (failures_ == 0) return;
  failures_ = 0;
  NoteFact("send_failures", "0");
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
  SURVEYOR_ASSIGN_OR_RETURN(auto view, collectors::HostView::Open(Root()));
  collectors::CollectContext ctx{view, clock_(), config_,
                                 view.is_live() ? commands_ : nullptr, saas_};
  ctx.last_section = [this](std::string_view collector) {
    auto base = state_.Base(std::string(collector));
    return base ? std::move(*base) : std::nullopt;
  };
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
    collectors::HostCollector()->Collect(ctx, host);
    *snapshot.mutable_host() = host.host().identity();
  }
  snapshot.set_agent_version(SURVEYOR_VERSION);
  auto enrollment = state_.LoadEnrollment();
  if (enrollment && *enrollment) snapshot.set_agent_id((*enrollment)->agent_id);
  SURVEYOR_ASSIGN_OR_RETURN(auto seq, state_.Enqueue(std::move(snapshot)));
  NoteFact("last_collect", NowText());
  common::Logger("agent")->debug("queued snapshot {}", seq);
  return seq;
}

std::expected<Enrollment, Error> Reporter::EnsureEnrolled() {
  SURVEYOR_ASSIGN_OR_RETURN(auto existing, state_.LoadEnrollment());
  if (existing) return *existing;
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
  SURVEYOR_ASSIGN_OR_RETURN(auto view, collectors::HostView::Open(Root()));
  collectors::CollectContext ctx{view, clock_()};
  v1::Section host;
  collectors::HostCollector()->Collect(ctx, host);
  v1::EnrollRequest req;
  req.set_enroll_secret(secret);
  *req.mutable_host() = host.host().identity();
  req.set_agent_version(SURVEYOR_VERSION);
  // Proof that this is the agent the server knows by this key.
  SURVEYOR_ASSIGN_OR_RETURN(auto identity, state_.IdentityKey());
  SURVEYOR_ASSIGN_OR_RETURN(
      auto proof_ms, state_.NextProofTime(
                         std::chrono::duration_cast<std::chrono::milliseconds>(
                             clock_().time_since_epoch())
                             .count()));
  req.set_agent_public_key(identity.public_raw);
  req.set_proof_time_ms(proof_ms);
  SURVEYOR_ASSIGN_OR_RETURN(
      auto proof,
      common::SignWithIdentityKey(
          identity, common::EnrollProofMessage(req.host().machine_id(),
                                               identity.public_raw, proof_ms)));
  req.set_proof(std::move(proof));
  SURVEYOR_ASSIGN_OR_RETURN(
      auto r, transport_.Post("/v1/enroll", req.SerializeAsString(), ""));
  if (r.status != 200) {
    return Fail(r.status == 401 ? ErrorCode::kPermissionDenied : ErrorCode::kIo,
                "enrollment refused: HTTP " + std::to_string(r.status) + ": " +
                    r.body.substr(0, 200));
  }
  v1::EnrollResponse resp;
  if (!resp.ParseFromString(r.body) || resp.node_key().empty()) {
    return Fail(ErrorCode::kParse,
                "enrollment answer is not an EnrollResponse");
  }
  Enrollment e{resp.agent_id(), resp.node_key()};
  SURVEYOR_TRY(state_.SaveEnrollment(e));
  common::Logger("agent")->info("enrolled as {}",
                                common::Printable(e.agent_id));
  // The server already holds sequences below next_sequence for this host
  // (our state is older than what we sent): continue after them.
  if (resp.next_sequence() > 0) {
    SURVEYOR_ASSIGN_OR_RETURN(auto moved,
                              state_.ContinueAt(resp.next_sequence()));
    if (moved > 0) {
      common::Logger("agent")->warn(
          "the server holds sequences up to {}: {} queued snapshots "
          "renumbered",
          resp.next_sequence() - 1, moved);
    }
  }
  return e;
}

std::chrono::seconds Reporter::Backoff() {
  // 5 s doubling to an hour, +-20% jitter so a fleet does not retry in step.
  double base = std::min(
      3600.0, 5.0 * static_cast<double>(1u << std::min(failures_, 10)));
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  ++failures_;
  NoteFact("send_failures", std::to_string(failures_));
  return std::chrono::seconds(static_cast<long>(base * jitter(rng_)));
}

FlushResult Reporter::Flush() {
  FlushResult out;
  auto log = common::Logger("agent");
  auto stop = [&](std::string error, std::chrono::seconds wait) {
    out.error = std::move(error);
    out.retry_in = wait;
    NoteFact("last_error", out.error);
    return out;
  };
  int reenrolls = 0;
  int conflicts = 0;
  bool compress = true;
  std::string dropped;  // A refused snapshot stays the last error.
  while (true) {
    auto item = state_.Oldest();
    if (!item) return stop(item.error().message, Backoff());
    if (!*item) {
      out.drained = true;
      out.error = dropped;
      ResetFailures();
      NoteFact("last_error", dropped);
      return out;
    }
    auto enrollment = EnsureEnrolled();
    if (!enrollment) return stop(enrollment.error().message, Backoff());
    const std::string& body = (*item)->body;
    std::string packed;
    if (compress && body.size() > kCompressAbove) {
      if (auto z = common::ZstdCompress(body, kZstdLevel); z) {
        packed = std::move(*z);
      } else {
        log->warn("compression failed, sending as is: {}", z.error().message);
      }
    }
    const bool compressed = !packed.empty();
    auto r = transport_.Post("/v1/snapshots", compressed ? packed : body,
                             enrollment->node_key, compressed ? "zstd" : "");
    SendDecision d =
        DecideSend(r, SendContext{(*item)->sequence, compressed, reenrolls});
    switch (d.action) {
      case SendAction::kAcknowledge: {
        if (auto acked = state_.Acknowledge(d.acknowledge); !acked) {
          // Sending again would repeat this forever: stop and say why.
          log->error(
              "snapshot {} was accepted but the acknowledgement could "
              "not be recorded: {}",
              (*item)->sequence, acked.error().message);
          return stop("cannot record acknowledgement: " + acked.error().message,
                      Backoff());
        }
        NoteFact("last_send", NowText());
        for (const auto& c : d.response.resend_full()) {
          if (std::find(out.resend_full.begin(), out.resend_full.end(), c) ==
              out.resend_full.end()) {
            out.resend_full.push_back(c);
          }
        }
        if (!d.response.resend_full().empty()) {
          std::vector<std::string> names(d.response.resend_full().begin(),
                                         d.response.resend_full().end());
          if (auto f = state_.ForgetBases(names); !f) {
            // The server will answer resend_full again for these.
            log->warn("cannot forget delta bases: {}", f.error().message);
          }
        }
        ResetFailures();
        continue;
      }
      case SendAction::kReenroll:
        ++reenrolls;
        log->warn("{}; enrolling again", d.error);
        if (auto f = state_.ForgetEnrollment(); !f) {
          return stop("cannot forget the old enrollment: " + f.error().message,
                      Backoff());
        }
        continue;
      case SendAction::kContinueAt: {
        if (++conflicts > 2) return stop(d.error, Backoff());
        log->warn("{}", d.error);
        if (auto moved = state_.ContinueAt(d.continue_at); !moved) {
          return stop("cannot renumber the outbox: " + moved.error().message,
                      Backoff());
        }
        continue;
      }
      case SendAction::kSendUncompressed:
        log->warn("{}; sending uncompressed", d.error);
        compress = false;
        continue;
      case SendAction::kWait:
        return stop(d.error, d.wait);
      case SendAction::kDrop: {
        // The server will never take this snapshot; keeping it would block
        // every later one. Drop it and send complete sections next.
        log->error("{}", d.error);
        dropped = d.error;
        if (auto acked = state_.Acknowledge((*item)->sequence); !acked) {
          return stop("cannot drop refused snapshot: " + acked.error().message,
                      Backoff());
        }
        if (auto f = state_.ForgetBases(CollectorNames()); !f) {
          log->warn("cannot forget delta bases: {}", f.error().message);
        }
        continue;
      }
      case SendAction::kBackOff:
        if (!r) log->warn("send failed: {}", d.error);
        return stop(d.error, Backoff());
    }
  }
}

}  // namespace surveyor::agent
