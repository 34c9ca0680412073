// Registry keys written by Windows tests (Windows builds only): a key made
// for one test and deleted with everything below it after, names made
// unique per process so concurrent tests do not meet, and a named mutex for
// those that must take turns.
#pragma once

#include <gtest/gtest.h>
#include <windows.h>

#include <string>

namespace surveyor::testing {

inline std::wstring Unique(const wchar_t* base) {
  return std::wstring(base) + L"-" + std::to_wstring(GetCurrentProcessId());
}

// A named mutex held for the object's life: tests in separate processes that
// change, or read all of, the same machine-wide state take turns.
class TestMutex {
 public:
  explicit TestMutex(const wchar_t* name)
      : mutex_(CreateMutexW(nullptr, FALSE, name)) {
    WaitForSingleObject(mutex_, INFINITE);
  }
  ~TestMutex() {
    ReleaseMutex(mutex_);
    CloseHandle(mutex_);
  }
  TestMutex(const TestMutex&) = delete;
  TestMutex& operator=(const TestMutex&) = delete;

 private:
  HANDLE mutex_;
};

class ScratchKey {
 public:
  ScratchKey(HKEY root, std::wstring path, REGSAM view = 0)
      : root_(root), path_(std::move(path)), view_(view) {
    EXPECT_EQ(RegCreateKeyExW(root_, path_.c_str(), 0, nullptr, 0,
                              KEY_ALL_ACCESS | view_, nullptr, &key_, nullptr),
              ERROR_SUCCESS);
  }
  ~ScratchKey() {
    RegDeleteTreeW(key_, nullptr);  // What other processes added below.
    RegCloseKey(key_);
    RegDeleteKeyExW(root_, path_.c_str(), view_, 0);
  }
  void SetString(const wchar_t* name, const std::wstring& text,
                 DWORD type = REG_SZ) {
    RegSetValueExW(key_, name, 0, type,
                   reinterpret_cast<const BYTE*>(text.c_str()),
                   static_cast<DWORD>((text.size() + 1) * sizeof(wchar_t)));
  }
  void SetRaw(const wchar_t* name, DWORD type, const void* data, DWORD size) {
    RegSetValueExW(key_, name, 0, type, static_cast<const BYTE*>(data), size);
  }

 private:
  HKEY root_;
  std::wstring path_;
  REGSAM view_;
  HKEY key_ = nullptr;
};

}  // namespace surveyor::testing
