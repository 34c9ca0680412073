#include "collectors/saas/pseudonyms.h"

#include <algorithm>
#include <cctype>

#include "common/hash.h"

namespace surveyor::collectors::saas {

std::string Pseudonym(std::string_view key, std::string_view value) {
  if (value.empty()) return "";
  std::string lower(value);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return "p:" + common::HexEncode(common::HmacSha256(key, lower)).substr(0, 32);
}

void Pseudonymize(std::string_view key, Person& person) {
  person.email = Pseudonym(key, person.email);
  person.user_id = Pseudonym(key, person.user_id);
}

}  // namespace surveyor::collectors::saas
