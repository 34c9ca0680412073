#include "collectors/protection/windows_protection_probe.h"

#include "collectors/protection/security_center.h"

namespace surveyor::collectors::protection {

std::expected<std::vector<v1::ProtectionProduct>, common::Error>
ReadSecurityCenter(windows::Wmi& wmi) {
  auto products =
      wmi.Query("ROOT\\SecurityCenter2",
                "SELECT displayName, productState, pathToSignedProductExe FROM "
                "AntiVirusProduct");
  if (!products) {
    if (products.error().code == common::ErrorCode::kNotFound) {
      return std::vector<v1::ProtectionProduct>{};
    }
    return std::unexpected(products.error());
  }
  return SecurityCenterAntivirus(*products);
}

}  // namespace surveyor::collectors::protection
