#include "service/http/connection_limits.h"

#include <algorithm>

namespace surveyor::service {

std::size_t DefaultMaxConnections(std::uint64_t open_files) {
  if (open_files <= kReservedFiles + 16) return 16;
  return static_cast<std::size_t>(
      std::min<std::uint64_t>(open_files - kReservedFiles, 100000));
}

std::shared_ptr<ConnectionLimits> ConnectionLimits::Make(
    ConnectionLimitOptions o) {
  return std::shared_ptr<ConnectionLimits>(new ConnectionLimits(o));
}

ConnectionLimits::Admission ConnectionLimits::Admit(
    const std::string& address) {
  Admission a;
  std::lock_guard lock(mu_);
  if (options_.max_per_peer > 0) {
    auto it = per_peer_.find(address);
    if (it != per_peer_.end() && it->second >= options_.max_per_peer) {
      a.refusal = Refusal::kPeerLimit;
      return a;
    }
  }
  const std::size_t live = entries_.size() - evicting_;
  if (live >= options_.max_total) {
    if (waiting_.empty() ||
        entries_.size() >= options_.max_total + kEvictionSlack) {
      a.refusal = Refusal::kTotalLimit;
      return a;
    }
    auto oldest = waiting_.begin();
    Entry& victim = entries_.at(oldest->second);
    waiting_.erase(oldest);
    victim.waiting_since = 0;
    victim.evicted = true;
    ++evicting_;
    a.evicted = std::move(victim.evict);
    victim.evict = nullptr;
  }
  const std::uint64_t id = next_id_++;
  entries_.emplace(id, Entry{address, 0, false, nullptr});
  ++per_peer_[address];
  a.slot = Slot(shared_from_this(), id);
  return a;
}

std::size_t ConnectionLimits::open() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

std::size_t ConnectionLimits::open_from(const std::string& address) const {
  std::lock_guard lock(mu_);
  auto it = per_peer_.find(address);
  return it == per_peer_.end() ? 0 : it->second;
}

void ConnectionLimits::Release(std::uint64_t id) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  Entry& e = it->second;
  if (e.waiting_since != 0) waiting_.erase(e.waiting_since);
  if (e.evicted) --evicting_;
  auto peer = per_peer_.find(e.address);
  if (peer != per_peer_.end() && --peer->second == 0) per_peer_.erase(peer);
  entries_.erase(it);
}

void ConnectionLimits::SetWaiting(std::uint64_t id, Evict evict) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.evicted) return;
  Entry& e = it->second;
  if (e.waiting_since != 0) waiting_.erase(e.waiting_since);
  e.waiting_since = next_wait_++;
  e.evict = std::move(evict);
  waiting_.emplace(e.waiting_since, id);
}

void ConnectionLimits::SetBusy(std::uint64_t id) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  Entry& e = it->second;
  if (e.waiting_since != 0) waiting_.erase(e.waiting_since);
  e.waiting_since = 0;
  e.evict = nullptr;
}

ConnectionLimits::Slot::Slot(Slot&& other) noexcept
    : owner_(std::move(other.owner_)), id_(other.id_) {
  other.owner_ = nullptr;
}

ConnectionLimits::Slot& ConnectionLimits::Slot::operator=(
    Slot&& other) noexcept {
  if (this != &other) {
    if (owner_) owner_->Release(id_);
    owner_ = std::move(other.owner_);
    id_ = other.id_;
    other.owner_ = nullptr;
  }
  return *this;
}

ConnectionLimits::Slot::~Slot() {
  if (owner_) owner_->Release(id_);
}

void ConnectionLimits::Slot::Waiting(Evict evict) {
  if (owner_) owner_->SetWaiting(id_, std::move(evict));
}

void ConnectionLimits::Slot::Busy() {
  if (owner_) owner_->SetBusy(id_);
}

}  // namespace surveyor::service
