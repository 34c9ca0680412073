// Runs a cycle (agent/cycle.h) in a child process, for the daemon.
//
// The daemon's long-lived process only keeps timers and its watches: a
// collection's memory, SQLite and the HTTPS stack live in the worker, which
// exits when the cycle is done. So the resident memory of an idle agent is
// the small parent's, and nothing a collection leaks or fragments survives
// it. The outcome comes back over a pipe as one line (EncodeOutcome).
// Linux (cycle_worker.cc) forks; Windows (cycle_worker_win32.cc) starts the
// agent's own executable again as `run --worker`.
//
// Single-threaded: use from the io_context's thread.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
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
  virtual ~CycleWorker() = default;

  virtual bool busy() const = 0;

  // Starts a worker for `request`; `done` runs on the io thread when it has
  // exited. False (and `done` never runs) when it cannot be started.
  virtual bool Start(const v1::AgentConfig& config, const CycleRequest& request,
                     Done done) = 0;

  // Asks a running worker to stop (Linux: SIGTERM) and ends it when it has
  // not exited within `grace`. Its `done` does not run.
  virtual void Stop(std::chrono::milliseconds grace) = 0;
};

struct WorkerSetup {
  // Runs in a forked child right after fork (Linux).
  std::function<void()> in_child;
  // The child's abort flag (Linux).
  const std::atomic<bool>* stop = nullptr;
  // The configuration file the worker reads (Windows: a new process).
  std::string config_path;
};

std::unique_ptr<CycleWorker> NewCycleWorker(boost::asio::io_context& io,
                                            WorkerSetup setup);

}  // namespace surveyor::agent
