#include "agent/daemon.h"

#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "agent/agent_config.h"
#include "agent/cycle.h"
#include "agent/cycle_worker.h"
#include "collectors/builtin.h"
#include "common/logging.h"

namespace surveyor::agent {
namespace {

namespace asio = boost::asio;

std::atomic<bool> g_stop{false};
int g_signal_pipe[2] = {-1, -1};

void OnSignal(int sig) {
  if (sig != SIGHUP) g_stop.store(true);
  char c = sig == SIGHUP ? 'h' : 't';
  [[maybe_unused]] auto n = ::write(g_signal_pipe[1], &c, 1);
}


// The daemon: one io_context thread with a timer per collector (with splay),
// a retry timer for the outbox, inotify on the package databases and a
// self-pipe for signals. Each cycle runs in a short-lived worker process
// (agent/cycle_worker.h); requests that arrive while one runs are merged and
// run next.
class Daemon {
 public:
  Daemon(std::string config_path, v1::AgentConfig config)
      : config_path_(std::move(config_path)),
        config_(std::move(config)),
        signals_(io_, g_signal_pipe[0]),
        retry_(io_),
        software_soon_(io_),
        worker_(io_, DetachFromSignalPipe, &g_stop) {}

  int Run() {
    for (const auto& c : collectors::BuiltinCollectors()) {
      collector_names_.emplace_back(c->name());
    }
    WatchSignals();
    WatchPackageDatabases();
    Schedule(/*first=*/true);
    ::malloc_trim(0);  // Start-up's temporary memory back before idling.
    io_.run();
    common::Logger("agent")->info("stopped");
    return 0;
  }

 private:
  // In the worker: its own SIGTERM only sets the stop flag.
  static void DetachFromSignalPipe() {
    ::close(g_signal_pipe[0]);
    ::close(g_signal_pipe[1]);
    g_signal_pipe[0] = g_signal_pipe[1] = -1;
  }

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
        if (ec || g_stop) return;
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
      if (ec || g_stop) return;
      Cycle(CycleRequest{true, {name}});
      RearmOne(name);
    });
  }

  // Runs `request` now, or after the running worker, merged with whatever
  // else is waiting.
  void Cycle(CycleRequest request) {
    if (g_stop) return;
    if (worker_.busy()) {
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
    if (!worker_.Start(config_, request,
                       [this](CycleOutcome o) { OnCycleDone(o); })) {
      common::Logger("agent")->error("cannot start a cycle worker: {}",
                                     std::strerror(errno));
      ArmRetry(std::chrono::seconds(60));
    }
  }

  void OnCycleDone(const CycleOutcome& outcome) {
    if (g_stop) return;
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
      if (ec || g_stop) return;
      Cycle(CycleRequest{false, {}});
    });
  }

  void WatchSignals() {
    signals_.async_read_some(
        asio::buffer(signal_buf_, 1),
        [this](const boost::system::error_code& ec, std::size_t n) {
          if (ec || n == 0) return;
          if (signal_buf_[0] == 'h') {
            auto reloaded = LoadRunConfig(config_path_);
            if (!reloaded) {
              common::Logger("agent")->error(
                  "SIGHUP: keeping the old "
                  "configuration: {}",
                  reloaded.error().message);
            } else {
              config_ = std::move(*reloaded);
              for (auto& [name, t] : timers_) t.cancel();
              timers_.clear();
              Schedule(/*first=*/false);
              common::Logger("agent")->info("configuration reloaded");
            }
            WatchSignals();
            return;
          }
          // The worker aborts its request on SIGTERM; the outbox keeps
          // whatever it had not sent.
          worker_.Stop(std::chrono::milliseconds(1500));
          io_.stop();
        });
  }

  // Re-collect software shortly after dpkg or rpm changes its database.
  void WatchPackageDatabases() {
    int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return;
    int watches = 0;
    std::string root = config_.root();
    while (!root.empty() && root.back() == '/') root.pop_back();
    for (const char* dir : {"/var/lib/dpkg", "/var/lib/rpm"}) {
      if (::inotify_add_watch(fd, (root + dir).c_str(),
                              IN_CLOSE_WRITE | IN_MOVED_TO) >= 0) {
        ++watches;
      }
    }
    if (watches == 0) {
      ::close(fd);
      return;
    }
    inotify_ = std::make_unique<asio::posix::stream_descriptor>(io_, fd);
    ReadInotify();
  }

  void ReadInotify() {
    inotify_->async_read_some(
        asio::buffer(inotify_buf_),
        [this](const boost::system::error_code& ec, std::size_t n) {
          if (ec) return;
          bool relevant = false;
          for (std::size_t off = 0; off + sizeof(inotify_event) <= n;) {
            const auto* ev = reinterpret_cast<const inotify_event*>(
                inotify_buf_.data() + off);
            std::string_view name = ev->len ? ev->name : "";
            name = name.substr(0, name.find('\0'));
            relevant |= name == "status" || name == "rpmdb.sqlite";
            off += sizeof(inotify_event) + ev->len;
          }
          if (relevant) {
            // Debounce: apt writes the status file several times per run.
            software_soon_.expires_after(std::chrono::seconds(
                config_.package_change_delay_seconds()
                    ? config_.package_change_delay_seconds()
                    : 15));
            software_soon_.async_wait(
                [this](const boost::system::error_code& e) {
                  if (!e && !g_stop) Cycle(CycleRequest{true, {"software"}});
                });
          }
          ReadInotify();
        });
  }

  std::string config_path_;
  v1::AgentConfig config_;
  std::vector<std::string> collector_names_;
  // Declared before everything that holds a handle into it.
  asio::io_context io_{1};
  asio::posix::stream_descriptor signals_;
  char signal_buf_[1] = {0};
  asio::steady_timer retry_;
  asio::steady_timer software_soon_;
  std::map<std::string, asio::steady_timer> timers_;
  std::unique_ptr<asio::posix::stream_descriptor> inotify_;
  alignas(inotify_event) std::array<char, 4096> inotify_buf_{};
  CycleWorker worker_;
  std::optional<CycleRequest> pending_;
  std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace

std::atomic<bool>& StopFlag() { return g_stop; }

void InstallStopHandlers() {
  if (::pipe2(g_signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return;
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) ::sigaction(sig, &sa, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
}

int RunDaemon(std::string config_path, v1::AgentConfig config) {
  return Daemon(std::move(config_path), std::move(config)).Run();
}

}  // namespace surveyor::agent
