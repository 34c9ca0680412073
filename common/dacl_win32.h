// The DACL decisions behind private_path_win32.cc, apart from the files so
// tests can check them on descriptors built in memory (Windows builds only;
// Wine 8 neither stores a directory's DACL nor applies one set later).
#pragma once

#include <windows.h>

namespace surveyor::common {

// SDDL of the private directory's DACL: protected from inheritance, full
// control for SYSTEM and Administrators, inherited by what is inside.
inline constexpr wchar_t kPrivateDirectoryDacl[] =
    L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";

// Whether `dacl` allows Everyone, Users or Authenticated Users to read
// (an absent DACL allows everyone everything).
bool DaclLetsOthersRead(const ACL* dacl);

}  // namespace surveyor::common
