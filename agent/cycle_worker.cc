// The cycle worker on Linux: a forked child runs the cycle and writes its
// outcome on a pipe.
#include "agent/cycle_worker.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cstdio>
#include <thread>

#include "common/logging.h"

namespace surveyor::agent {

namespace asio = boost::asio;

namespace {

class ForkedCycleWorker final : public CycleWorker {
 public:
  ForkedCycleWorker(asio::io_context& io, std::function<void()> in_child,
                    const std::atomic<bool>* stop);
  ~ForkedCycleWorker() override;

  bool busy() const override { return pid_ > 0; }
  bool Start(const v1::AgentConfig& config, const CycleRequest& request,
             Done done) override;
  void Stop(std::chrono::milliseconds grace) override;

 private:
  void ReadMore();
  void Finish();

  asio::io_context& io_;
  std::function<void()> in_child_;
  const std::atomic<bool>* stop_;
  pid_t pid_ = -1;
  std::unique_ptr<asio::posix::stream_descriptor> pipe_;
  std::string received_;
  std::array<char, 512> buf_{};
  Done done_;
};

}  // namespace

ForkedCycleWorker::ForkedCycleWorker(asio::io_context& io,
                                     std::function<void()> in_child,
                                     const std::atomic<bool>* stop)
    : io_(io), in_child_(std::move(in_child)), stop_(stop) {}

ForkedCycleWorker::~ForkedCycleWorker() {
  Stop(std::chrono::milliseconds(1500));
}

bool ForkedCycleWorker::Start(const v1::AgentConfig& config,
                              const CycleRequest& request, Done done) {
  if (busy()) return false;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  ::fflush(nullptr);  // Nothing buffered is written twice.
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return false;
  }
  if (pid == 0) {
    // The child: never returns into the parent's io_context.
    ::close(fds[0]);
    if (in_child_) in_child_();
    CycleOutcome outcome = RunCycle(config, request, stop_);
    std::string text = EncodeOutcome(outcome);
    for (std::size_t off = 0; off < text.size();) {
      ssize_t n = ::write(fds[1], text.data() + off, text.size() - off);
      if (n <= 0) break;
      off += static_cast<std::size_t>(n);
    }
    spdlog::apply_all(
        [](const std::shared_ptr<spdlog::logger>& l) { l->flush(); });
    ::_exit(0);
  }
  ::close(fds[1]);
  pid_ = pid;
  done_ = std::move(done);
  received_.clear();
  pipe_ = std::make_unique<asio::posix::stream_descriptor>(io_, fds[0]);
  ReadMore();
  return true;
}

void ForkedCycleWorker::ReadMore() {
  pipe_->async_read_some(
      asio::buffer(buf_),
      [this](const boost::system::error_code& ec, std::size_t n) {
        if (ec == asio::error::operation_aborted || pid_ <= 0) return;
        received_.append(buf_.data(), n);
        if (ec || received_.size() > (1u << 20)) {
          Finish();  // EOF: the worker has exited (or is exiting).
          return;
        }
        ReadMore();
      });
}

void ForkedCycleWorker::Finish() {
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  pipe_.reset();
  CycleOutcome outcome;
  if (auto decoded = DecodeOutcome(received_);
      decoded && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    outcome = std::move(*decoded);
  } else {
    outcome.collect_failed = true;
    outcome.retry_in = std::chrono::seconds(60);
    outcome.error =
        WIFSIGNALED(status)
            ? "cycle worker killed by signal " +
                  std::to_string(WTERMSIG(status))
            : "cycle worker exited with status " +
                  std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    common::Logger("agent")->error("{}", outcome.error);
  }
  Done done = std::move(done_);
  done_ = nullptr;
  if (done) done(std::move(outcome));
}

void ForkedCycleWorker::Stop(std::chrono::milliseconds grace) {
  if (!busy()) return;
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + grace;
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  pid_ = -1;
  pipe_.reset();
  done_ = nullptr;
}

std::unique_ptr<CycleWorker> NewCycleWorker(asio::io_context& io,
                                            WorkerSetup setup) {
  return std::make_unique<ForkedCycleWorker>(io, std::move(setup.in_child),
                                             setup.stop);
}

}  // namespace surveyor::agent
