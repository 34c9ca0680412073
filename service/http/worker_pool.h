// A bounded worker pool with two lanes: writer threads (one for SQLite,
// which has one writer; a queue in front of it orders writes; several for
// PostgreSQL) and several reader threads that run in parallel. Each thread owns
// a Context made by the factory on that thread (e.g. its own store connection).
// Post() never blocks: when a lane's queue is full it returns false and the
// caller answers 503 with Retry-After, which agents honour.
//
// Thread-safety: Post() from any thread; Stop() once, from the owner.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace surveyor::service {

enum class Lane { kRead, kWrite };

template <typename Context>
class WorkerPool {
 public:
  using Job = std::function<void(Context&)>;
  using Factory = std::function<std::unique_ptr<Context>(Lane)>;

  // `readers` threads on the read lane, `writers` on the write lane; each
  // lane holds at most `queue_limit` waiting jobs.
  WorkerPool(std::size_t readers, std::size_t queue_limit, Factory factory,
             std::size_t writers = 1)
      : queue_limit_(queue_limit), factory_(std::move(factory)) {
    for (std::size_t i = 0; i < std::max<std::size_t>(writers, 1); ++i) {
      threads_.emplace_back([this] { Loop(write_, Lane::kWrite); });
    }
    for (std::size_t i = 0; i < readers; ++i) {
      threads_.emplace_back([this] { Loop(read_, Lane::kRead); });
    }
  }
  ~WorkerPool() { Stop(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  bool Post(Lane lane, Job job) {
    Queue& q = lane == Lane::kWrite ? write_ : read_;
    {
      std::lock_guard lock(q.mu);
      if (q.stopping || q.jobs.size() >= queue_limit_) return false;
      q.jobs.push_back(std::move(job));
    }
    q.cv.notify_one();
    return true;
  }

  // Jobs waiting (not running) in a lane.
  std::size_t Waiting(Lane lane) {
    Queue& q = lane == Lane::kWrite ? write_ : read_;
    std::lock_guard lock(q.mu);
    return q.jobs.size();
  }

  // Finishes running jobs, drops waiting ones, joins the threads.
  void Stop() {
    for (Queue* q : {&write_, &read_}) {
      std::lock_guard lock(q->mu);
      q->stopping = true;
      q->jobs.clear();
    }
    write_.cv.notify_all();
    read_.cv.notify_all();
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

 private:
  struct Queue {
    std::mutex mu;
    std::condition_variable cv;
    std::deque<Job> jobs;
    bool stopping = false;
  };

  void Loop(Queue& q, Lane lane) {
    std::unique_ptr<Context> context = factory_(lane);
    // The factory logs why it failed; a worker without its context (say, a
    // store that opened at start-up and no longer does) is a broken
    // invariant: crash and let the supervisor restart the server.
    if (!context) std::abort();
    while (true) {
      Job job;
      {
        std::unique_lock lock(q.mu);
        q.cv.wait(lock, [&] { return q.stopping || !q.jobs.empty(); });
        if (q.stopping) return;
        job = std::move(q.jobs.front());
        q.jobs.pop_front();
      }
      job(*context);
    }
  }

  std::size_t queue_limit_;
  Factory factory_;
  Queue write_, read_;
  std::vector<std::thread> threads_;
};

}  // namespace surveyor::service
