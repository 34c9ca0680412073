// ConnectionLimits: how many connections the server holds at once, in all
// and per peer address, so that idle or slowloris connections can neither
// use up the process's file descriptors nor lock agents out.
//
// - Per peer address: a new connection beyond `max_per_peer` is refused
//   (0: no per-peer limit, for servers behind a TCP load balancer).
// - In all: a new connection beyond `max_total` takes the place of the
//   connection that has waited longest for a request (TLS handshake, or
//   idle between requests, or a request still arriving) — an idle flood
//   cannot keep a new agent out, it only recycles itself. Connections busy
//   with a request are never evicted; if all are busy the new one is
//   refused. Evicted connections count until they are gone, up to
//   `max_total + kEvictionSlack` descriptors.
//
// Pure bookkeeping: the caller closes refused sockets and runs the evict
// callbacks it is handed (they close the victim's socket). Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace surveyor::service {

struct ConnectionLimitOptions {
  std::size_t max_total = 10000;
  std::size_t max_per_peer = 256;  // 0: unlimited
};

// The default cap on connections for a process allowed `open_files`
// descriptors: what remains after `kReservedFiles` for the store, logs and
// listeners, at least 16.
inline constexpr std::uint64_t kReservedFiles = 256;
std::size_t DefaultMaxConnections(std::uint64_t open_files);

class ConnectionLimits : public std::enable_shared_from_this<ConnectionLimits> {
 public:
  static constexpr std::size_t kEvictionSlack = 64;
  using Evict = std::function<void()>;

  enum class Refusal { kNone, kPeerLimit, kTotalLimit };

  // A held connection: releases its place when destroyed. Move-only.
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& other) noexcept;
    Slot& operator=(Slot&& other) noexcept;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot();
    explicit operator bool() const { return owner_ != nullptr; }
    // The connection waits for (or is reading) a request: it may be
    // evicted. `evict` closes it; it runs at most once, on any thread.
    void Waiting(Evict evict);
    // The connection has a whole request and is answering it.
    void Busy();

   private:
    friend class ConnectionLimits;
    Slot(std::shared_ptr<ConnectionLimits> owner, std::uint64_t id)
        : owner_(std::move(owner)), id_(id) {}
    std::shared_ptr<ConnectionLimits> owner_;
    std::uint64_t id_ = 0;
  };

  struct Admission {
    Slot slot;  // empty when refused
    Refusal refusal = Refusal::kNone;
    Evict evicted;  // non-null: run it to close the victim
  };

  static std::shared_ptr<ConnectionLimits> Make(ConnectionLimitOptions o);

  // A new connection from `address` (no port).
  Admission Admit(const std::string& address);

  std::size_t open() const;
  std::size_t open_from(const std::string& address) const;

 private:
  explicit ConnectionLimits(ConnectionLimitOptions o) : options_(o) {}
  struct Entry {
    std::string address;
    std::uint64_t waiting_since = 0;  // 0: busy; else its order of waiting
    bool evicted = false;
    Evict evict;
  };
  void Release(std::uint64_t id);
  void SetWaiting(std::uint64_t id, Evict evict);
  void SetBusy(std::uint64_t id);

  const ConnectionLimitOptions options_;
  mutable std::mutex mu_;
  std::uint64_t next_id_ = 1;
  std::uint64_t next_wait_ = 1;
  std::unordered_map<std::uint64_t, Entry> entries_;
  std::unordered_map<std::string, std::size_t> per_peer_;
  std::map<std::uint64_t, std::uint64_t> waiting_;  // waiting_since -> id
  std::size_t evicting_ = 0;
};

}  // namespace surveyor::service
