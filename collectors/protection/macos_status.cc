#include "collectors/protection/macos_status.h"

#include "collectors/plist.h"
#include "collectors/text_util.h"

namespace surveyor::collectors::protection {

v1::DiskEncryption ParseFdesetupStatus(std::string_view text) {
  v1::DiskEncryption d;
  d.set_mechanism("filevault");
  d.set_volume("/");
  if (text.find("FileVault is On.") != std::string_view::npos) {
    d.set_encrypted(v1::TRI_STATE_YES);
  } else if (text.find("FileVault is Off.") != std::string_view::npos ||
             text.find("Encryption in progress") != std::string_view::npos) {
    d.set_encrypted(v1::TRI_STATE_NO);  // Not protected until finished.
  } else {
    d.set_encrypted(v1::TRI_STATE_UNKNOWN);
  }
  return d;
}

v1::TriState ParseSpctlStatus(std::string_view text) {
  text = Trim(text);
  if (text == "assessments enabled") return v1::TRI_STATE_YES;
  if (text == "assessments disabled") return v1::TRI_STATE_NO;
  return v1::TRI_STATE_UNKNOWN;
}

v1::FirewallState ParseAlfGlobalState(std::string_view text) {
  v1::FirewallState f;
  f.set_mechanism("alf");
  auto has = [&](std::string_view s) {
    return text.find(s) != std::string_view::npos;
  };
  auto state = text.find("(State = ");
  char c = 0;
  if (state != std::string_view::npos && state + 9 < text.size()) {
    c = text[state + 9];
    f.set_enabled(c == '0' ? v1::TRI_STATE_NO : v1::TRI_STATE_YES);
  } else if (has("Firewall is enabled")) {
    f.set_enabled(v1::TRI_STATE_YES);
  } else if (has("Firewall is disabled")) {
    f.set_enabled(v1::TRI_STATE_NO);
  }
  // State 2 alone does not mean "block all": real outputs pair it with
  // "block all state set to disabled" (and stealth mode on), others with
  // "blocking all non-essential incoming connections" (macOS 15). Block
  // all is what the text says, from --getglobalstate or --getblockall.
  std::string detail;
  if (has("blocking all non-essential incoming") ||
      has("block all state set to enabled")) {
    detail = "blocking all non-essential incoming connections";
  } else if (f.enabled() == v1::TRI_STATE_YES) {
    detail = "enabled";
    if (has("block all state set to disabled")) detail += ", block all off";
  } else if (f.enabled() == v1::TRI_STATE_NO) {
    detail = "off";
  }
  if (f.enabled() == v1::TRI_STATE_YES && has("Stealth mode enabled")) {
    detail += ", stealth mode";
  }
  if (c != 0 && !detail.empty()) detail += std::string(" (state ") + c + ")";
  f.set_detail(detail);
  return f;
}

std::expected<std::string, ParseError> ParseXProtectVersion(
    std::string_view info_plist) {
  auto root = ParseXmlPlist(info_plist);
  if (!root) return std::unexpected(root.error());
  const auto* o = root->if_object();
  const auto* v = o ? o->if_contains("CFBundleShortVersionString") : nullptr;
  if (v == nullptr || !v->is_string()) {
    return std::unexpected(
        ParseError{0, 0, "Info.plist has no CFBundleShortVersionString"});
  }
  return std::string(v->get_string());
}

}  // namespace surveyor::collectors::protection
