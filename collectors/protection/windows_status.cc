#include "collectors/protection/windows_status.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "collectors/json_util.h"
#include "collectors/text_util.h"
#include "common/time_util.h"

namespace surveyor::collectors::protection {
namespace {

namespace json = boost::json;

// An enum that ConvertTo-Json wrote as a number or (PowerShell 7 with
// -EnumsAsStrings) as its name.
int EnumValue(const json::object& o, std::string_view key,
              std::initializer_list<std::string_view> names) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return -1;
  if (v->is_int64()) return static_cast<int>(v->get_int64());
  if (v->is_string()) {
    int i = 0;
    for (auto n : names) {
      if (v->get_string() == n) return i;
      ++i;
    }
  }
  return -1;
}

// VolumeStatus (0 fully decrypted, 1 fully encrypted, 2-5 in progress or
// paused) and ProtectionStatus (0 off, 1 on, 2 unknown); -1 when unread.
v1::TriState BitLockerState(int volume, int protection) {
  if (volume == 1 && protection == 1) return v1::TRI_STATE_YES;
  // Encrypted but with protection suspended is as good as clear text.
  if (volume == 0 || protection == 0) return v1::TRI_STATE_NO;
  return v1::TRI_STATE_UNKNOWN;
}

}  // namespace

WscProductState DecodeWscProductState(std::uint32_t state) {
  WscProductState s;
  s.providers = static_cast<std::uint8_t>((state >> 16) & 0xff);
  switch (state & 0xF000) {
    case 0x0000:
      s.scanner = WscProductState::Scanner::kOff;
      break;
    case 0x1000:
      s.scanner = WscProductState::Scanner::kOn;
      break;
    case 0x2000:
      s.scanner = WscProductState::Scanner::kSnoozed;
      break;
    case 0x3000:
      s.scanner = WscProductState::Scanner::kExpired;
      break;
    default:
      s.scanner = WscProductState::Scanner::kUnknown;
      break;
  }
  s.microsoft_owned = (state & 0x0F00) == 0x0100;
  s.signatures_up_to_date = (state & 0x00F0) == 0x0000;
  return s;
}

std::optional<std::int64_t> ParsePowerShellDate(std::string_view s) {
  s = Trim(s);
  if (s.starts_with("/Date(") && s.ends_with(")/")) {
    std::string_view inner = s.substr(6, s.size() - 8);
    // "/Date(1700000000000+0100)/" carries an offset that does not change the
    // instant: the number is UTC milliseconds.
    auto sign = inner.find_first_of("+-", 1);
    auto ms = ParseUint(inner.substr(0, sign));
    if (!ms) return std::nullopt;
    return static_cast<std::int64_t>(*ms / 1000);
  }
  return common::ParseRfc3339(s);
}

std::expected<void, ParseError> ParseMpComputerStatus(
    std::string_view text, v1::ProtectionProduct& out) {
  auto root = ParseJsonDocument(text, "Get-MpComputerStatus output");
  if (!root) return std::unexpected(root.error());
  if (!root->is_object()) {
    return std::unexpected(
        ParseError{0, 0, "Get-MpComputerStatus output is not an object"});
  }
  // The same properties as WMI's MSFT_MpComputerStatus, in text.
  windows::WmiObject status;
  for (const auto& [key, value] : root->get_object()) {
    std::string text_value;
    if (value.is_string()) {
      text_value = value.get_string();
    } else if (value.is_bool()) {
      text_value = value.get_bool() ? "true" : "false";
    } else if (value.is_int64()) {
      text_value = std::to_string(value.get_int64());
    } else if (value.is_uint64()) {
      text_value = std::to_string(value.get_uint64());
    } else {
      continue;
    }
    status.properties.emplace_back(std::string(key), std::move(text_value));
  }
  DefenderStatus(status, out);
  out.set_detection("Get-MpComputerStatus");
  return {};
}

void DefenderStatus(const windows::WmiObject& status,
                    v1::ProtectionProduct& out) {
  const auto flag = [&](std::string_view key) {
    const std::string_view v = Trim(status.Get(key));
    if (EqualsIgnoreCase(v, "true")) return v1::TRI_STATE_YES;
    if (EqualsIgnoreCase(v, "false")) return v1::TRI_STATE_NO;
    return v1::TRI_STATE_UNKNOWN;
  };
  out.set_vendor("Microsoft");
  out.set_product("Defender Antivirus");
  out.set_present(true);
  out.set_version(std::string(Trim(status.Get("AMProductVersion"))));
  out.set_running(flag("AMServiceEnabled"));
  out.set_realtime_protection(flag("RealTimeProtectionEnabled"));
  out.set_signature_version(
      std::string(Trim(status.Get("AntivirusSignatureVersion"))));
  const std::string_view updated = status.Get("AntivirusSignatureLastUpdated");
  auto secs = ParsePowerShellDate(updated);
  if (!secs) secs = ParseCimDatetime(updated);
  if (secs) out.mutable_signature_time()->set_seconds(*secs);
  out.set_detection("MSFT_MpComputerStatus");
  if (flag("AntivirusEnabled") == v1::TRI_STATE_NO) {
    out.add_issues("antivirus disabled");
  }
  if (flag("DefenderSignaturesOutOfDate") == v1::TRI_STATE_YES) {
    out.add_issues("signatures out of date");
  }
  if (flag("IsTamperProtected") == v1::TRI_STATE_NO) {
    out.add_issues("tamper protection off");
  }
  const std::string_view mode = Trim(status.Get("AMRunningMode"));
  if (!mode.empty() && mode != "Normal") {
    out.add_issues("running mode " + std::string(mode));
  }
}

std::optional<std::int64_t> ParseCimDatetime(std::string_view s) {
  s = Trim(s);
  // yyyymmddHHMMSS.mmmmmmsUUU: UUU minutes east of UTC, s its sign.
  if (s.size() != 25 || s[14] != '.' || (s[21] != '+' && s[21] != '-')) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < 25; ++i) {
    if (i == 14 || i == 21) continue;
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const std::string rfc3339 =
      std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" +
      std::string(s.substr(6, 2)) + "T" + std::string(s.substr(8, 2)) + ":" +
      std::string(s.substr(10, 2)) + ":" + std::string(s.substr(12, 2)) + "Z";
  auto utc_as_local = common::ParseRfc3339(rfc3339);
  if (!utc_as_local) return std::nullopt;
  const auto offset_minutes = ParseUint(s.substr(22, 3));
  if (!offset_minutes) return std::nullopt;
  const std::int64_t offset = static_cast<std::int64_t>(*offset_minutes) * 60;
  return s[21] == '+' ? *utc_as_local - offset : *utc_as_local + offset;
}

std::expected<v1::DiskEncryption, ParseError> ParseBitLockerVolumes(
    std::string_view text, std::string_view system_drive) {
  auto root = ParseJsonDocument(text, "Get-BitLockerVolume output");
  if (!root) return std::unexpected(root.error());
  const json::object* chosen = nullptr;
  auto consider = [&](const json::value& v) {
    const auto* o = v.if_object();
    if (o == nullptr) return;
    if (chosen == nullptr || JsonString(*o, "MountPoint") == system_drive)
      chosen = o;
  };
  if (root->is_array()) {
    for (const auto& v : root->get_array()) consider(v);
  } else {
    consider(*root);
  }
  if (chosen == nullptr) {
    return std::unexpected(
        ParseError{0, 0, "Get-BitLockerVolume output has no volume"});
  }
  v1::DiskEncryption d;
  d.set_mechanism("bitlocker");
  d.set_volume(JsonString(*chosen, "MountPoint"));
  int volume = EnumValue(
      *chosen, "VolumeStatus",
      {"FullyDecrypted", "FullyEncrypted", "EncryptionInProgress",
       "DecryptionInProgress", "EncryptionPaused", "DecryptionPaused"});
  int protection =
      EnumValue(*chosen, "ProtectionStatus", {"Off", "On", "Unknown"});
  d.set_encrypted(BitLockerState(volume, protection));
  return d;
}

std::optional<v1::DiskEncryption> BitLockerFromWmi(
    const std::vector<windows::WmiObject>& volumes,
    std::string_view system_drive) {
  const windows::WmiObject* chosen = nullptr;
  for (const auto& v : volumes) {
    if (chosen == nullptr ||
        EqualsIgnoreCase(Trim(v.Get("DriveLetter")), system_drive)) {
      chosen = &v;
    }
  }
  if (chosen == nullptr) return std::nullopt;
  const auto number = [&](std::string_view key) {
    const auto n = ParseUint(Trim(chosen->Get(key)));
    return n && *n < 16 ? static_cast<int>(*n) : -1;
  };
  v1::DiskEncryption d;
  d.set_mechanism("bitlocker");
  d.set_volume(std::string(Trim(chosen->Get("DriveLetter"))));
  // ConversionStatus and ProtectionStatus number their states as
  // Get-BitLockerVolume's VolumeStatus and ProtectionStatus do.
  d.set_encrypted(
      BitLockerState(number("ConversionStatus"), number("ProtectionStatus")));
  return d;
}

}  // namespace surveyor::collectors::protection
