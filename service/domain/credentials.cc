#include "service/domain/credentials.h"

#include "common/random.h"

namespace surveyor::service::credentials {

Minted Mint(std::string_view prefix) {
  Minted m;
  m.secret = common::NewSecret(prefix);
  m.hash = common::SecretHash(m.secret);
  return m;
}

std::string Hash(std::string_view presented) {
  return common::SecretHash(presented);
}

bool Matches(std::string_view stored_hash, std::string_view presented) {
  return common::ConstantTimeEquals(stored_hash, common::SecretHash(presented));
}

std::string NewAgentId() { return common::NewSecret("ag_").substr(0, 27); }

}  // namespace surveyor::service::credentials
