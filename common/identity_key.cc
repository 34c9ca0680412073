// What every build shares: the proof message.
#include "common/identity_key.h"

namespace surveyor::common {
namespace {

void AppendField(std::string& out, std::string_view field) {
  std::uint32_t n = static_cast<std::uint32_t>(field.size());
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((n >> shift) & 0xff));
  }
  out.append(field);
}

}  // namespace

std::string EnrollProofMessage(std::string_view machine_id,
                               std::string_view public_raw,
                               std::int64_t proof_time_ms) {
  std::string out;
  AppendField(out, "surveyor-enroll-proof-v1");
  AppendField(out, machine_id);
  AppendField(out, public_raw);
  AppendField(out, std::to_string(proof_time_ms));
  return out;
}

}  // namespace surveyor::common
