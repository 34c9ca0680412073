// What the SaaS parsers produce: plain records, no protobuf, so the
// parsers build anywhere the fuzzer does. The connector turns them into
// the snapshot's SaasLicenses section.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace surveyor::collectors::saas {

// One subscription / SKU / plan.
struct SeatCount {
  std::string vendor;
  std::string sku_id;
  std::string sku_name;
  std::string status;           // the vendor's own word ("Enabled", "Warning")
  std::uint32_t purchased = 0;  // 0: the API does not tell
  std::uint32_t assigned = 0;
};

// One person holding (or able to hold) a seat.
struct Person {
  std::string vendor;
  std::string user_id;
  std::string email;  // login or e-mail; a handle when the vendor hides it
  bool enabled = true;
  std::vector<std::string> sku_ids;
  std::optional<std::int64_t> last_active;  // nullopt: unknown, not inactive
  std::optional<std::int64_t> created;      // provisioned; nullopt: unknown
  // When not empty, last_active is activity in these SKUs only.
  std::vector<std::string> activity_sku_ids;
};

}  // namespace surveyor::collectors::saas
