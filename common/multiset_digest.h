// An order-independent digest of a multiset of byte strings.
//
// Each element contributes the SHA-256 of its bytes, read as a 256-bit
// little-endian integer; the digest is the sum of those integers modulo
// 2^256 together with the element count. Adding and removing elements are
// O(1) each, so a holder of the digest of a set can compute the digest after
// a delta from the delta alone, without the set itself.
//
// This detects accidental divergence (a lost base, a bug, a corrupted
// store); it is not meant to resist an adversary crafting collisions, who
// in this protocol could only corrupt the inventory of their own host.
// Value type; not thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace surveyor::common {

class MultisetDigest {
 public:
  // Size of State() in bytes.
  static constexpr std::size_t kStateSize = 40;

  void Add(std::string_view element);
  void Remove(std::string_view element);

  // Number of elements (added minus removed, modulo 2^64).
  std::uint64_t count() const { return count_; }

  // 40 bytes: the 256-bit sum then the count, little-endian. Stable across
  // versions and platforms, so it can be stored.
  std::string State() const;
  // Inverse of State(); nullopt when `state` is not kStateSize bytes.
  static std::optional<MultisetDigest> FromState(std::string_view state);

  friend bool operator==(const MultisetDigest&,
                         const MultisetDigest&) = default;

 private:
  std::array<std::uint64_t, 4> sum_{};  // Little-endian limbs.
  std::uint64_t count_ = 0;
};

}  // namespace surveyor::common
