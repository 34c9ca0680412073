#include "agent/daemon.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "agent/agent_config.h"
#include "agent/cycle.h"
#include "agent/cycle_worker.h"
#include "agent/daemon_host.h"
#include "collectors/builtin.h"
#include "common/logging.h"

namespace surveyor::agent {
namespace {

namespace asio = boost::asio;

class Daemon {
 public:
  Daemon(std::string config_path, v1::AgentConfig config)
      : config_path_(std::move(config_path)),
        config_(std::move(config)),
        stop_(StopFlag()),
        events_(NewDaemonEvents(io_)),
        retry_(io_),
        software_soon_(io_),
        worker_(NewCycleWorker(
            io_, {[this] { events_->InChild(); }, &stop_, config_path_})) {}

  int Run() {
    for (const auto& c : collectors::BuiltinCollectors()) {
      collector_names_.emplace_back(c->name());
    }
    events_->WatchControl([this] { OnStop(); }, [this] { OnReload(); });
    events_->WatchSoftware(config_, [this] { OnSoftwareChanged(); });
    Schedule(/*first=*/true);
    ReleaseFreeMemory();  // Start-up's temporary memory back before idling.
    io_.run();
    common::Logger("agent")->info("stopped");
    return 0;
  }

 private:
  std::chrono::seconds Interval(const std::string& collector) const {
    auto it = config_.collect_interval_seconds().find(collector);
    // Vendor APIs are read daily unless configured otherwise: seat counts
    // move slowly and the vendors' rate limits are shared with the client.
    std::uint32_t s =
        it != config_.collect_interval_seconds().end() ? it->second
        : collector == "saas"                          ? 86400
                              : (config_.default_interval_seconds()
                                     ? config_.default_interval_seconds()
                                     : 3600);
    // A SaaS connector with a shorter interval of its own wakes the
    // collector for it (the others carry their last results over).
    if (collector == "saas") {
      for (const auto& c : config_.saas_connectors()) {
        if (c.interval_seconds() > 0) s = std::min(s, c.interval_seconds());
      }
    }
    return std::chrono::seconds(std::max<std::uint32_t>(s, 10));
  }

  void Schedule(bool first) {
    for (const std::string& name : collector_names_) {
      auto& timer = timers_.try_emplace(name, io_).first->second;
      auto interval = Interval(name);
      // Splay: the first run anywhere in the first 10% of the interval (at
      // most a minute), later runs +-10%, so a fleet does not check in at once.
      std::uniform_real_distribution<double> d(first ? 0.0 : 0.9,
                                               first ? 0.1 : 1.1);
      double secs = static_cast<double>(interval.count()) * d(rng_);
      if (first) secs = std::min(secs, 60.0);
      timer.expires_after(
          std::chrono::milliseconds(static_cast<long>(secs * 1000)));
      timer.async_wait([this, name](const boost::system::error_code& ec) {
        if (ec || stop_) return;
        Cycle(CycleRequest{true, {name}});
        RearmOne(name);
      });
    }
  }

  void RearmOne(const std::string& name) {
    auto& timer = timers_.at(name);
    std::uniform_real_distribution<double> d(0.9, 1.1);
    timer.expires_after(std::chrono::milliseconds(static_cast<long>(
        static_cast<double>(Interval(name).count()) * 1000 * d(rng_))));
    timer.async_wait([this, name](const boost::system::error_code& ec) {
      if (ec || stop_) return;
      Cycle(CycleRequest{true, {name}});
      RearmOne(name);
    });
  }

  // Runs `request` now, or after the running worker, merged with whatever
  // else is waiting.
  void Cycle(CycleRequest request) {
    if (stop_) return;
    if (worker_->busy()) {
      if (!pending_) {
        pending_ = std::move(request);
      } else if (request.collect) {
        bool all = (pending_->collect && pending_->only.empty()) ||
                   request.only.empty();
        if (!pending_->collect) pending_->only.clear();
        pending_->collect = true;
        pending_->only.merge(request.only);
        if (all) pending_->only.clear();
      }
      return;
    }
    retry_.cancel();  // This cycle sends too.
    common::Logger("agent")->debug("cycle: {}", !request.collect ? "send only"
                                                : request.only.empty()
                                                    ? "collect all"
                                                    : "collect some");
    if (!worker_->Start(config_, request,
                        [this](CycleOutcome o) { OnCycleDone(o); })) {
      common::Logger("agent")->error("cannot start a cycle worker");
      ArmRetry(std::chrono::seconds(60));
    }
  }

  void OnCycleDone(const CycleOutcome& outcome) {
    if (stop_) return;
    if (pending_) {
      CycleRequest next = std::move(*pending_);
      pending_.reset();
      Cycle(std::move(next));
      return;
    }
    if (!outcome.drained) ArmRetry(outcome.retry_in);
  }

  void ArmRetry(std::chrono::seconds after) {
    retry_.expires_after(after);
    retry_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stop_) return;
      Cycle(CycleRequest{false, {}});
    });
  }

  void OnReload() {
    auto reloaded = LoadRunConfig(config_path_);
    if (!reloaded) {
      common::Logger("agent")->error(
          "reload: keeping the old configuration: {}",
          reloaded.error().message);
      return;
    }
    config_ = std::move(*reloaded);
    for (auto& [name, t] : timers_) t.cancel();
    timers_.clear();
    Schedule(/*first=*/false);
    common::Logger("agent")->info("configuration reloaded");
  }

  void OnStop() {
    // The worker aborts its request (Linux) or is ended (Windows) after a
    // grace period; the outbox keeps whatever it had not sent.
    worker_->Stop(std::chrono::milliseconds(1500));
    io_.stop();
  }

  // Re-collect software shortly after the package databases or the
  // Uninstall keys change; debounced, as installers write several times.
  void OnSoftwareChanged() {
    const auto delay =
        std::chrono::seconds(config_.package_change_delay_seconds()
                                 ? config_.package_change_delay_seconds()
                                 : 15);
    common::Logger("agent")->info(
        "software sources changed: collecting software in {} s", delay.count());
    software_soon_.expires_after(delay);
    software_soon_.async_wait([this](const boost::system::error_code& e) {
      if (!e && !stop_) Cycle(CycleRequest{true, {"software"}});
    });
  }

  std::string config_path_;
  v1::AgentConfig config_;
  std::atomic<bool>& stop_;
  std::vector<std::string> collector_names_;
  // Declared before everything that holds a handle into it.
  asio::io_context io_{1};
  std::unique_ptr<DaemonEvents> events_;
  asio::steady_timer retry_;
  asio::steady_timer software_soon_;
  std::map<std::string, asio::steady_timer> timers_;
  std::unique_ptr<CycleWorker> worker_;
  std::optional<CycleRequest> pending_;
  std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace

int RunDaemonLoop(std::string config_path, v1::AgentConfig config) {
  return Daemon(std::move(config_path), std::move(config)).Run();
}

}  // namespace surveyor::agent
