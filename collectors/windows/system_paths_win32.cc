#include <windows.h>

#include "collectors/registry_export.h"
#include "collectors/windows/system_paths.h"

namespace surveyor::collectors::windows {

std::string SystemDirectory() {
  wchar_t dir[MAX_PATH];
  const UINT n = GetSystemDirectoryW(dir, MAX_PATH);
  return Utf16LeToUtf8(
      std::string_view(reinterpret_cast<const char*>(dir), n * 2));
}

}  // namespace surveyor::collectors::windows
