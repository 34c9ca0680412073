#include <windows.h>
// windows.h first.
#include <aclapi.h>
#include <sddl.h>

#include "common/dacl_win32.h"
#include "common/private_path.h"
#include "common/win32_text.h"

namespace surveyor::common {
std::expected<void, Error> MakePrivateDirectory(const std::string& path) {
  SECURITY_ATTRIBUTES sa{sizeof(sa), nullptr, FALSE};
  if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(
          kPrivateDirectoryDacl, SDDL_REVISION_1, &sa.lpSecurityDescriptor,
          nullptr)) {
    return Fail(ErrorCode::kInternal,
                "cannot build the state directory's ACL: " +
                    SystemErrorText(GetLastError()));
  }
  const BOOL made = CreateDirectoryW(Wide(path).c_str(), &sa);
  const DWORD err = GetLastError();
  LocalFree(sa.lpSecurityDescriptor);
  if (!made && err != ERROR_ALREADY_EXISTS) {
    return Fail(err == ERROR_ACCESS_DENIED ? ErrorCode::kPermissionDenied
                                           : ErrorCode::kIo,
                path + ": " + SystemErrorText(err));
  }
  return {};
}

void MakeFilePrivate(const std::string&) {}

bool DaclLetsOthersRead(const ACL* dacl) {
  if (dacl == nullptr) return true;
  const WELL_KNOWN_SID_TYPE kOthers[] = {WinWorldSid, WinBuiltinUsersSid,
                                         WinAuthenticatedUserSid};
  constexpr ACCESS_MASK kRead = FILE_READ_DATA | GENERIC_READ | GENERIC_ALL;
  for (DWORD i = 0; i < dacl->AceCount; ++i) {
    void* ace = nullptr;
    if (!GetAce(const_cast<ACL*>(dacl), i, &ace)) continue;
    const auto* header = static_cast<const ACE_HEADER*>(ace);
    if (header->AceType != ACCESS_ALLOWED_ACE_TYPE ||
        (header->AceFlags & INHERIT_ONLY_ACE) != 0) {
      continue;
    }
    auto* allowed = static_cast<ACCESS_ALLOWED_ACE*>(ace);
    if ((allowed->Mask & kRead) == 0) continue;
    for (WELL_KNOWN_SID_TYPE type : kOthers) {
      if (IsWellKnownSid(&allowed->SidStart, type)) return true;
    }
  }
  return false;
}

bool OthersCanRead(const std::string& path) {
  PACL dacl = nullptr;
  PSECURITY_DESCRIPTOR sd = nullptr;
  if (GetNamedSecurityInfoW(Wide(path).c_str(), SE_FILE_OBJECT,
                            DACL_SECURITY_INFORMATION, nullptr, nullptr, &dacl,
                            nullptr, &sd) != ERROR_SUCCESS) {
    return false;
  }
  const bool others = DaclLetsOthersRead(dacl);
  LocalFree(sd);
  return others;
}

}  // namespace surveyor::common
