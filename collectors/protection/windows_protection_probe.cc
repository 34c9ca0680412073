#include "collectors/protection/windows_protection_probe.h"

#include "collectors/protection/security_center.h"
#include "collectors/protection/windows_status.h"

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

std::expected<std::optional<v1::ProtectionProduct>, common::Error> ReadDefender(
    windows::Wmi& wmi) {
  auto status = wmi.Query("ROOT\\Microsoft\\Windows\\Defender",
                          "SELECT * FROM MSFT_MpComputerStatus");
  if (!status) {
    if (status.error().code == common::ErrorCode::kNotFound) {
      return std::nullopt;
    }
    return std::unexpected(status.error());
  }
  if (status->empty()) return std::nullopt;
  v1::ProtectionProduct defender;
  DefenderStatus(status->front(), defender);
  return defender;
}

}  // namespace surveyor::collectors::protection
