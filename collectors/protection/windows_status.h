// Parsers for the outputs the Windows agent's probes will read: Security
// Center's AntiVirusProduct.productState, Get-MpComputerStatus and
// Get-BitLockerVolume as JSON (ConvertTo-Json, Windows PowerShell 5.1 or 7),
// and Defender's status as WMI gives it. Pure.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"
#include "collectors/windows/wmi.h"
#include "surveyor/v1/protection.pb.h"

namespace surveyor::collectors::protection {

// WSC productState, decoded as the community documents it (Fleet's bundled
// query reads 0x10 as "enabled" and 0x100 as "up to date", which is wrong):
//   bits 16-23  WSC_SECURITY_PROVIDER flags (1 firewall, 2 autoupdate,
//               4 antivirus, 8 antispyware, ...)
//   mask 0xF000 scanner state: 0x0000 off, 0x1000 on, 0x2000 snoozed,
//               0x3000 expired
//   mask 0x0F00 owner: 0x0100 Microsoft (Windows Defender)
//   mask 0x00F0 signatures: 0x00 up to date, 0x10 out of date
struct WscProductState {
  std::uint8_t providers = 0;
  enum class Scanner {
    kOff,
    kOn,
    kSnoozed,
    kExpired,
    kUnknown
  } scanner = Scanner::kUnknown;
  bool microsoft_owned = false;
  bool signatures_up_to_date = false;
};
WscProductState DecodeWscProductState(std::uint32_t state);

// Fills a ProtectionProduct for Microsoft Defender Antivirus from
// Get-MpComputerStatus's JSON (DefenderStatus decides).
std::expected<void, ParseError> ParseMpComputerStatus(
    std::string_view json, v1::ProtectionProduct& out);

// The same from WMI's Win32_EncryptableVolume objects
// (ROOT\CIMV2\Security\MicrosoftVolumeEncryption: DriveLetter,
// ConversionStatus, ProtectionStatus); nullopt when none is listed.
std::optional<v1::DiskEncryption> BitLockerFromWmi(
    const std::vector<windows::WmiObject>& volumes,
    std::string_view system_drive = "C:");

// Defender from MSFT_MpComputerStatus as WMI returns it
// (ROOT\Microsoft\Windows\Defender, the class Get-MpComputerStatus reads):
// version, service, real-time protection, signatures and their time (a
// PowerShell date, RFC 3339 or a CIM DATETIME), and as issues: antivirus
// disabled, signatures out of date, tamper protection off, a running mode
// other than Normal (passive, EDR block mode).
void DefenderStatus(const windows::WmiObject& status,
                    v1::ProtectionProduct& out);

// A CIM DATETIME ("20240301061230.000000+060": minutes east of UTC) as
// epoch seconds.
std::optional<std::int64_t> ParseCimDatetime(std::string_view s);

// Encryption of the system drive (MountPoint "C:" or the first volume).
std::expected<v1::DiskEncryption, ParseError> ParseBitLockerVolumes(
    std::string_view json, std::string_view system_drive = "C:");

// "/Date(1700000000000)/" (Windows PowerShell 5.1) or an RFC 3339 string
// (PowerShell 7) to epoch seconds.
std::optional<std::int64_t> ParsePowerShellDate(std::string_view s);

}  // namespace surveyor::collectors::protection
