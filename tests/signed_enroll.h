// Enrollment requests signed as a real agent signs them (common/
// identity_key.h), for tests and benchmarks that enroll through the store,
// the API or the wire. One identity key per name, made on first use and
// kept for the process, so enrolling the same machine again proves the
// same key; proof times only grow.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "common/identity_key.h"
#include "surveyor/v1/service.pb.h"

namespace surveyor::testing {

inline const common::IdentityKey& TestIdentityKey(const std::string& name) {
  static std::mutex mu;
  static std::map<std::string, common::IdentityKey> keys;
  std::lock_guard lock(mu);
  auto it = keys.find(name);
  if (it == keys.end())
    it = keys.emplace(name, *common::NewIdentityKey()).first;
  return it->second;
}

inline std::int64_t NextProofMs() {
  static std::atomic<std::int64_t> last{
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count()};
  return ++last;
}

// Signs `req` (its machine id set) with `key`.
inline void SignEnroll(v1::EnrollRequest& req, const common::IdentityKey& key) {
  req.set_agent_public_key(key.public_raw);
  req.set_proof_time_ms(NextProofMs());
  req.set_proof(*common::SignWithIdentityKey(
      key, common::EnrollProofMessage(req.host().machine_id(), key.public_raw,
                                      req.proof_time_ms())));
}

// Signs with the key named after the request's machine id.
inline void SignEnroll(v1::EnrollRequest& req) {
  SignEnroll(req, TestIdentityKey(req.host().machine_id()));
}

}  // namespace surveyor::testing
