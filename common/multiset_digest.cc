#include "common/multiset_digest.h"

#include <cstring>

#include "common/hash.h"

namespace surveyor::common {
namespace {

std::uint64_t LoadLe(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void StoreLe(std::uint64_t v, char* out) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

std::array<std::uint64_t, 4> ElementValue(std::string_view element) {
  const std::string h = Sha256(element);
  const auto* p = reinterpret_cast<const unsigned char*>(h.data());
  return {LoadLe(p), LoadLe(p + 8), LoadLe(p + 16), LoadLe(p + 24)};
}

}  // namespace

void MultisetDigest::Add(std::string_view element) {
  auto v = ElementValue(element);
  unsigned carry = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    std::uint64_t a = sum_[i];
    std::uint64_t s = a + v[i];
    unsigned c1 = s < a;
    std::uint64_t t = s + carry;
    unsigned c2 = t < s;
    sum_[i] = t;
    carry = c1 | c2;
  }
  ++count_;
}

void MultisetDigest::Remove(std::string_view element) {
  auto v = ElementValue(element);
  unsigned borrow = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    std::uint64_t a = sum_[i];
    std::uint64_t d = a - v[i];
    unsigned b1 = a < v[i];
    std::uint64_t t = d - borrow;
    unsigned b2 = d < borrow;
    sum_[i] = t;
    borrow = b1 | b2;
  }
  --count_;
}

std::string MultisetDigest::State() const {
  std::string out(kStateSize, '\0');
  for (std::size_t i = 0; i < 4; ++i) StoreLe(sum_[i], out.data() + 8 * i);
  StoreLe(count_, out.data() + 32);
  return out;
}

std::optional<MultisetDigest> MultisetDigest::FromState(
    std::string_view state) {
  if (state.size() != kStateSize) return std::nullopt;
  const auto* p = reinterpret_cast<const unsigned char*>(state.data());
  MultisetDigest d;
  for (std::size_t i = 0; i < 4; ++i) d.sum_[i] = LoadLe(p + 8 * i);
  d.count_ = LoadLe(p + 32);
  return d;
}

}  // namespace surveyor::common
