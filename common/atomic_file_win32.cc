// WriteFileAtomic on Windows: the temporary written and flushed, then moved
// over the file with MoveFileEx (replace, write-through). `mode` has no
// Windows meaning: the file takes its directory's inherited DACL
// (private_path.h).
#include <windows.h>

#include "common/atomic_file.h"
#include "common/win32_text.h"

namespace surveyor::common {
std::expected<void, Error> WriteFileAtomic(const std::string& path,
                                           std::string_view data, int) {
  const std::string tmp = path + ".tmp";
  HANDLE file = CreateFileW(Wide(tmp).c_str(), GENERIC_WRITE, 0, nullptr,
                            CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) {
    return Fail(ErrorCode::kIo, tmp + ": " + SystemErrorText(GetLastError()));
  }
  DWORD written = 0;
  bool ok = WriteFile(file, data.data(), static_cast<DWORD>(data.size()),
                      &written, nullptr) &&
            written == data.size() && FlushFileBuffers(file);
  DWORD err = ok ? 0 : GetLastError();
  CloseHandle(file);
  if (ok && !MoveFileExW(Wide(tmp).c_str(), Wide(path).c_str(),
                         MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    ok = false;
    err = GetLastError();
  }
  if (!ok) {
    DeleteFileW(Wide(tmp).c_str());
    return Fail(ErrorCode::kIo, path + ": " + SystemErrorText(err));
  }
  return {};
}

}  // namespace surveyor::common
