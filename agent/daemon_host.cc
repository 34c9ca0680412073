#include "agent/daemon_host.h"

#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cstdio>

#include "agent/daemon.h"

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

class LinuxDaemonEvents final : public DaemonEvents {
 public:
  explicit LinuxDaemonEvents(asio::io_context& io)
      : io_(io), signals_(io, g_signal_pipe[0]) {}

  void WatchControl(std::function<void()> on_stop,
                    std::function<void()> on_reload) override {
    on_stop_ = std::move(on_stop);
    on_reload_ = std::move(on_reload);
    ReadSignals();
  }

  void WatchSoftware(const v1::AgentConfig& config,
                     std::function<void()> on_change) override {
    on_change_ = std::move(on_change);
    int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return;
    int watches = 0;
    std::string root = config.root();
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
          if (relevant) on_change_();
          ReadInotify();
        });
  }

  // In the worker: its own SIGTERM only sets the stop flag.
  void InChild() override {
    ::close(g_signal_pipe[0]);
    ::close(g_signal_pipe[1]);
    g_signal_pipe[0] = g_signal_pipe[1] = -1;
  }

 private:
  void ReadSignals() {
    signals_.async_read_some(
        asio::buffer(signal_buf_, 1),
        [this](const boost::system::error_code& ec, std::size_t n) {
          if (ec || n == 0) return;
          if (signal_buf_[0] == 'h') {
            on_reload_();
            ReadSignals();
            return;
          }
          on_stop_();
        });
  }

  asio::io_context& io_;
  asio::posix::stream_descriptor signals_;
  char signal_buf_[1] = {0};
  std::function<void()> on_stop_, on_reload_, on_change_;
  std::unique_ptr<asio::posix::stream_descriptor> inotify_;
  alignas(inotify_event) std::array<char, 4096> inotify_buf_{};
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

std::unique_ptr<DaemonEvents> NewDaemonEvents(asio::io_context& io) {
  return std::make_unique<LinuxDaemonEvents>(io);
}

void ReleaseFreeMemory() { ::malloc_trim(0); }

int RunDaemon(std::string config_path, v1::AgentConfig config,
              bool as_service) {
  if (as_service) {
    std::fprintf(stderr,
                 "surveyor-agent run: --service is the Windows service's; "
                 "systemd runs 'surveyor-agent run'\n");
    return 2;
  }
  return RunDaemonLoop(std::move(config_path), std::move(config));
}

int ReportStartFailure(const std::string& message, bool) {
  std::fprintf(stderr, "%s\n", message.c_str());
  return 2;
}

}  // namespace surveyor::agent
