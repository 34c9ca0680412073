#include "collectors/protection/windows_protection_probe.h"

#include "collectors/protection/security_center.h"
#include "collectors/protection/windows_posture.h"
#include "collectors/protection/windows_status.h"

namespace surveyor::collectors::protection {

std::expected<std::vector<v1::ProtectionProduct>, common::Error>
ReadSecurityCenter(windows::Wmi& wmi) {
  auto products = windows::QueryIfPresent(
      wmi, "ROOT\\SecurityCenter2",
      "SELECT displayName, productState, pathToSignedProductExe FROM "
      "AntiVirusProduct");
  if (!products) return std::unexpected(products.error());
  return SecurityCenterAntivirus(*products);
}

std::expected<std::optional<v1::ProtectionProduct>, common::Error> ReadDefender(
    windows::Wmi& wmi) {
  auto status =
      windows::QueryIfPresent(wmi, "ROOT\\Microsoft\\Windows\\Defender",
                              "SELECT * FROM MSFT_MpComputerStatus");
  if (!status) return std::unexpected(status.error());
  if (status->empty()) return std::nullopt;
  v1::ProtectionProduct defender;
  DefenderStatus(status->front(), defender);
  return defender;
}

std::expected<std::optional<v1::DiskEncryption>, common::Error> ReadBitLocker(
    windows::Wmi& wmi) {
  auto volumes = windows::QueryIfPresent(
      wmi, "ROOT\\CIMV2\\Security\\MicrosoftVolumeEncryption",
      "SELECT DriveLetter, ConversionStatus, ProtectionStatus FROM "
      "Win32_EncryptableVolume");
  if (!volumes) return std::unexpected(volumes.error());
  return BitLockerFromWmi(*volumes);
}

std::expected<void, common::Error> ReadWindowsPosture(
    windows::RegistryView& registry, v1::ProtectionState& state) {
  std::vector<RegistryKey> keys;
  for (const RegistryRead& read : WindowsPostureKeys()) {
    auto tree = registry.ReadTree(read.path, read.depth);
    if (!tree) return std::unexpected(tree.error());
    keys.insert(keys.end(), std::make_move_iterator(tree->begin()),
                std::make_move_iterator(tree->end()));
  }
  *state.mutable_firewall() = WindowsFirewall(keys);
  *state.mutable_auto_updates() = WindowsUpdateSettings(keys);
  return {};
}

}  // namespace surveyor::collectors::protection
