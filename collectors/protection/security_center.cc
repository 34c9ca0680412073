#include "collectors/protection/security_center.h"

#include <charconv>
#include <string>

#include "collectors/protection/windows_status.h"
#include "collectors/text_util.h"

namespace surveyor::collectors::protection {

std::vector<v1::ProtectionProduct> SecurityCenterAntivirus(
    const std::vector<windows::WmiObject>& products) {
  std::vector<v1::ProtectionProduct> out;
  for (const windows::WmiObject& object : products) {
    const std::string_view name = Trim(object.Get("displayName"));
    if (name.empty()) continue;
    v1::ProtectionProduct p;
    p.set_product(std::string(name));
    p.set_present(true);
    p.set_detection("Security Center: " +
                    std::string(Trim(object.Get("pathToSignedProductExe"))));
    const std::string_view text = Trim(object.Get("productState"));
    std::uint32_t state = 0;
    if (std::from_chars(text.data(), text.data() + text.size(), state).ec !=
            std::errc() ||
        text.empty()) {
      p.add_issues("Security Center gave no readable productState");
      out.push_back(std::move(p));
      continue;
    }
    const WscProductState s = DecodeWscProductState(state);
    if (s.microsoft_owned) p.set_vendor("Microsoft");
    using Scanner = WscProductState::Scanner;
    switch (s.scanner) {
      case Scanner::kOn:
        p.set_realtime_protection(v1::TRI_STATE_YES);
        break;
      case Scanner::kOff:
        p.set_realtime_protection(v1::TRI_STATE_NO);
        break;
      case Scanner::kSnoozed:
        p.set_realtime_protection(v1::TRI_STATE_NO);
        p.add_issues("real-time protection snoozed");
        break;
      case Scanner::kExpired:
        p.set_realtime_protection(v1::TRI_STATE_NO);
        p.add_issues("subscription expired");
        break;
      case Scanner::kUnknown:
        break;
    }
    if (!s.signatures_up_to_date) p.add_issues("signatures out of date");
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace surveyor::collectors::protection
