// People as pseudonyms (the agent's saas_pseudonym_key_file): keyed
// HMAC-SHA-256 of the lower-cased login/e-mail and of the vendor's user id,
// so the same person still matches across vendors and hosts of one client
// (one key per client) while the server never sees who they are. Pure.
#pragma once

#include <string>
#include <string_view>

#include "collectors/saas/saas_records.h"

namespace surveyor::collectors::saas {

// "p:" + the first 32 hex digits of HMAC-SHA-256(key, lower-cased value);
// "" stays "".
std::string Pseudonym(std::string_view key, std::string_view value);

// Replaces the person's login/e-mail and user id by their pseudonyms.
void Pseudonymize(std::string_view key, Person& person);

}  // namespace surveyor::collectors::saas
