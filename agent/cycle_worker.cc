#include "agent/cycle_worker.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <thread>

#include "common/logging.h"

namespace surveyor::agent {

namespace asio = boost::asio;

std::string EncodeOutcome(const CycleOutcome& o) {
  char line[96];
  std::snprintf(line, sizeof(line), "surveyor-cycle %d %d %" PRId64 "\n",
                o.drained ? 1 : 0, o.collect_failed ? 1 : 0,
                static_cast<std::int64_t>(o.retry_in.count()));
  return line + o.error;
}

std::optional<CycleOutcome> DecodeOutcome(const std::string& text) {
  auto nl = text.find('\n');
  if (nl == std::string::npos) return std::nullopt;
  int drained = 0, failed = 0;
  std::int64_t retry = 0;
  char tail = 0;
  std::string head = text.substr(0, nl);
  if (std::sscanf(head.c_str(), "surveyor-cycle %d %d %" SCNd64 "%c", &drained,
                  &failed, &retry, &tail) != 3 ||
      (drained != 0 && drained != 1) || (failed != 0 && failed != 1) ||
      retry < 0) {
    return std::nullopt;
  }
  CycleOutcome o;
  o.drained = drained == 1;
  o.collect_failed = failed == 1;
  o.retry_in = std::chrono::seconds(retry);
  o.error = text.substr(nl + 1);
  return o;
}

CycleWorker::CycleWorker(asio::io_context& io, std::function<void()> in_child,
                         const std::atomic<bool>* stop)
    : io_(io), in_child_(std::move(in_child)), stop_(stop) {}

CycleWorker::~CycleWorker() { Stop(std::chrono::milliseconds(1500)); }

bool CycleWorker::Start(const v1::AgentConfig& config,
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

void CycleWorker::ReadMore() {
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

void CycleWorker::Finish() {
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

void CycleWorker::Stop(std::chrono::milliseconds grace) {
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

}  // namespace surveyor::agent
