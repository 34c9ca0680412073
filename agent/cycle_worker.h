// Runs a cycle (agent/cycle.h) in a forked child process, for the daemon.
//
// The daemon's long-lived process only keeps timers, inotify and signals:
// a collection's memory, SQLite and libcurl (with its thirty libraries) live
// in the worker, which exits when the cycle is done. So the resident memory
// of an idle agent is the small parent's, and nothing a collection leaks or
// fragments survives it. The outcome comes back over a pipe as one line.
//
// Single-threaded: use from the io_context's thread.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "agent/cycle.h"

namespace surveyor::agent {

// Encodes an outcome as the worker writes it on its pipe, and back. Decode
// returns nullopt for anything malformed (a crashed worker).
std::string EncodeOutcome(const CycleOutcome& outcome);
std::optional<CycleOutcome> DecodeOutcome(const std::string& text);

class CycleWorker {
 public:
  using Done = std::function<void(CycleOutcome)>;

  // `in_child` runs in the child right after fork (e.g. to detach it from
  // the parent's signal pipe); `stop` is the child's abort flag.
  CycleWorker(boost::asio::io_context& io, std::function<void()> in_child,
              const std::atomic<bool>* stop);
  ~CycleWorker();

  bool busy() const { return pid_ > 0; }

  // Forks a worker for `request`; `done` runs on the io thread when it has
  // exited. False (and `done` never runs) when fork or pipe fails.
  bool Start(const v1::AgentConfig& config, const CycleRequest& request,
             Done done);

  // SIGTERM to a running worker; SIGKILL when it has not exited within
  // `grace`. Reaps it; its `done` does not run.
  void Stop(std::chrono::milliseconds grace);

 private:
  void ReadMore();
  void Finish();

  boost::asio::io_context& io_;
  std::function<void()> in_child_;
  const std::atomic<bool>* stop_;
  pid_t pid_ = -1;
  std::unique_ptr<boost::asio::posix::stream_descriptor> pipe_;
  std::string received_;
  std::array<char, 512> buf_{};
  Done done_;
};

}  // namespace surveyor::agent
