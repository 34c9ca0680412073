#include "collectors/protection/windows_posture.h"

#include <string>

#include "collectors/text_util.h"

namespace surveyor::collectors::protection {
namespace {

constexpr char kPolicyFirewall[] =
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall";
constexpr char kLocalFirewall[] =
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\"
    "Parameters\\FirewallPolicy";
constexpr char kUpdatePolicy[] =
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\"
    "WindowsUpdate\\AU";
constexpr char kUpdateService[] =
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\wuauserv";

const RegistryKey* FindKey(const std::vector<RegistryKey>& keys,
                           std::string_view path) {
  for (const RegistryKey& k : keys) {
    if (EqualsIgnoreCase(k.path, path)) return &k;
  }
  return nullptr;
}

// A DWORD value of the key at `path`, or -1 when either is absent.
long long Dword(const std::vector<RegistryKey>& keys, std::string_view path,
                std::string_view name) {
  const RegistryKey* key = FindKey(keys, path);
  if (key == nullptr) return -1;
  const RegistryValue* v = key->Find(name);
  if (v == nullptr || (v->type != RegistryValue::Type::kDword &&
                       v->type != RegistryValue::Type::kQword)) {
    return -1;
  }
  return static_cast<long long>(v->number);
}

}  // namespace

v1::FirewallState WindowsFirewall(const std::vector<RegistryKey>& keys) {
  struct Profile {
    const char* name;
    const char* policy_key;
    const char* local_key;
  };
  constexpr Profile kProfiles[] = {
      {"domain", "DomainProfile", "DomainProfile"},
      {"private", "PrivateProfile", "StandardProfile"},
      {"public", "PublicProfile", "PublicProfile"},
  };
  v1::FirewallState state;
  state.set_mechanism("windows");
  int on = 0, off = 0;
  std::string detail;
  for (const Profile& p : kProfiles) {
    long long value =
        Dword(keys, std::string(kPolicyFirewall) + "\\" + p.policy_key,
              "EnableFirewall");
    const char* from = " (policy)";
    if (value < 0) {
      value = Dword(keys, std::string(kLocalFirewall) + "\\" + p.local_key,
                    "EnableFirewall");
      from = "";
    }
    if (!detail.empty()) detail += ", ";
    detail += std::string(p.name) + " " +
              (value < 0    ? "unknown"
               : value == 0 ? "off"
                            : "on") +
              from;
    if (value == 0) ++off;
    if (value > 0) ++on;
  }
  state.set_detail(detail);
  if (off > 0) {
    state.set_enabled(v1::TRI_STATE_NO);
  } else if (on == 3) {
    state.set_enabled(v1::TRI_STATE_YES);
  }
  return state;
}

v1::AutoUpdates WindowsUpdateSettings(const std::vector<RegistryKey>& keys) {
  v1::AutoUpdates updates;
  updates.set_mechanism("windows-update");
  const long long start = Dword(keys, kUpdateService, "Start");
  const long long no_auto = Dword(keys, kUpdatePolicy, "NoAutoUpdate");
  const long long options = Dword(keys, kUpdatePolicy, "AUOptions");
  if (start == 4 || no_auto == 1) {
    updates.set_enabled(v1::TRI_STATE_NO);
  } else if (options == 4 || (options < 0 && start >= 0)) {
    // Installs on its own: by policy, or by default with no policy.
    updates.set_enabled(v1::TRI_STATE_YES);
  } else if (options == 2 || options == 3 || options == 7) {
    updates.set_enabled(v1::TRI_STATE_NO);
  }
  return updates;
}

std::vector<RegistryRead> WindowsPostureKeys() {
  return {{kPolicyFirewall, 1},
          {kLocalFirewall, 1},
          {kUpdatePolicy, 0},
          {kUpdateService, 0}};
}

}  // namespace surveyor::collectors::protection
