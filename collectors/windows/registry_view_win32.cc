// The live registry through the Win32 registry API (advapi32). Keys are
// opened read-only in the 64-bit view: WOW6432Node is read by its path, as
// regedit shows it.
#include <windows.h>

#include <array>
#include <string>

#include "collectors/text_util.h"
#include "collectors/windows/registry_root_win32.h"
#include "collectors/windows/registry_view.h"
#include "common/win32_text.h"

namespace surveyor::collectors::windows {
namespace {

using common::Wide;

using common::ErrorCode;
using common::Fail;

std::string Utf8(const wchar_t* text, std::size_t length) {
  return Utf16LeToUtf8(
      std::string_view(reinterpret_cast<const char*>(text), length * 2),
      /*stop_at_nul=*/true);
}

// A key opened for reading; closed when it goes.
class Key {
 public:
  Key() = default;
  explicit Key(HKEY key) : key_(key) {}
  Key(Key&& other) noexcept : key_(std::exchange(other.key_, nullptr)) {}
  Key& operator=(Key&&) = delete;
  ~Key() {
    if (key_ != nullptr) RegCloseKey(key_);
  }
  HKEY get() const { return key_; }

 private:
  HKEY key_ = nullptr;
};

std::unexpected<common::Error> Win32Error(LSTATUS status,
                                          std::string_view path) {
  const ErrorCode code = status == ERROR_ACCESS_DENIED
                             ? ErrorCode::kPermissionDenied
                             : ErrorCode::kIo;
  return Fail(code, std::string(path) + ": registry error " +
                        std::to_string(static_cast<long>(status)));
}

// Opens `path`; a null Key when it does not exist.
std::expected<Key, common::Error> Open(std::string_view path) {
  const std::size_t slash = path.find('\\');
  const HKEY root = RegistryRoot(path.substr(0, slash));
  if (root == nullptr) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(path) + ": not a registry root");
  }
  const std::wstring sub = slash == std::string_view::npos
                               ? std::wstring()
                               : Wide(path.substr(slash + 1));
  HKEY key = nullptr;
  const LSTATUS status =
      RegOpenKeyExW(root, sub.c_str(), 0, KEY_READ | KEY_WOW64_64KEY, &key);
  if (status == ERROR_FILE_NOT_FOUND) return Key();
  if (status != ERROR_SUCCESS) return Win32Error(status, path);
  return Key(key);
}

std::expected<std::vector<std::string>, common::Error> Subkeys(
    const Key& key, std::string_view path) {
  std::vector<std::string> names;
  // Key names are at most 255 characters.
  std::array<wchar_t, 256> name{};
  for (DWORD i = 0;; ++i) {
    DWORD length = static_cast<DWORD>(name.size());
    const LSTATUS status = RegEnumKeyExW(key.get(), i, name.data(), &length,
                                         nullptr, nullptr, nullptr, nullptr);
    if (status == ERROR_NO_MORE_ITEMS) break;
    if (status != ERROR_SUCCESS) return Win32Error(status, path);
    names.push_back(Utf8(name.data(), length));
  }
  return names;
}

RegistryValue Convert(std::string name, DWORD type, const std::string& data) {
  RegistryValue v;
  v.name = std::move(name);
  auto number = [&](std::size_t size) {
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < size && i < data.size(); ++i) {
      n |= static_cast<std::uint64_t>(static_cast<unsigned char>(data[i]))
           << (8 * i);
    }
    return n;
  };
  switch (type) {
    case REG_SZ:
      v.type = RegistryValue::Type::kString;
      v.text = Utf16LeToUtf8(data, /*stop_at_nul=*/true);
      break;
    case REG_EXPAND_SZ:
      v.type = RegistryValue::Type::kExpandString;
      v.text = Utf16LeToUtf8(data, /*stop_at_nul=*/true);
      break;
    case REG_MULTI_SZ: {
      v.type = RegistryValue::Type::kMultiString;
      // NUL-separated strings, ended by an empty one.
      std::string_view rest = data;
      while (rest.size() >= 2) {
        std::size_t end = 0;
        while (end + 1 < rest.size() &&
               (rest[end] != 0 || rest[end + 1] != 0)) {
          end += 2;
        }
        if (end == 0) break;
        v.strings.push_back(Utf16LeToUtf8(rest.substr(0, end)));
        rest.remove_prefix(std::min(rest.size(), end + 2));
      }
      break;
    }
    case REG_DWORD:
      v.type = RegistryValue::Type::kDword;
      v.number = number(4);
      break;
    case REG_QWORD:
      v.type = RegistryValue::Type::kQword;
      v.number = number(8);
      break;
    default:
      v.type = RegistryValue::Type::kBinary;
      v.bytes = data;
      break;
  }
  return v;
}

std::expected<std::vector<RegistryValue>, common::Error> Values(
    const Key& key, std::string_view path) {
  DWORD count = 0, max_name = 0, max_data = 0;
  LSTATUS status =
      RegQueryInfoKeyW(key.get(), nullptr, nullptr, nullptr, nullptr, nullptr,
                       nullptr, &count, &max_name, &max_data, nullptr, nullptr);
  if (status != ERROR_SUCCESS) return Win32Error(status, path);
  std::vector<RegistryValue> values;
  std::wstring name(max_name + 1, L'\0');
  std::string data(max_data, '\0');
  for (DWORD i = 0; i < count; ++i) {
    DWORD name_length = static_cast<DWORD>(name.size());
    DWORD data_length = static_cast<DWORD>(data.size());
    DWORD type = 0;
    status =
        RegEnumValueW(key.get(), i, name.data(), &name_length, nullptr, &type,
                      reinterpret_cast<BYTE*>(data.data()), &data_length);
    if (status == ERROR_NO_MORE_ITEMS) break;
    if (status == ERROR_MORE_DATA) {
      // Grew since RegQueryInfoKey: read this one again with room for it.
      data.resize(data_length);
      name.resize(name.size() * 2 + 256);
      --i;
      continue;
    }
    if (status != ERROR_SUCCESS) return Win32Error(status, path);
    values.push_back(Convert(Utf8(name.data(), name_length), type,
                             data.substr(0, data_length)));
  }
  return values;
}

class SystemRegistryView : public RegistryView {
 public:
  std::expected<std::vector<std::string>, common::Error> SubkeyNames(
      std::string_view path) override {
    auto key = Open(path);
    if (!key) return std::unexpected(key.error());
    if (key->get() == nullptr) return std::vector<std::string>{};
    return Subkeys(*key, path);
  }

  std::expected<std::vector<RegistryKey>, common::Error> ReadTree(
      std::string_view path, int depth) override {
    std::vector<RegistryKey> out;
    auto root = Open(path);
    if (!root) return std::unexpected(root.error());
    if (root->get() == nullptr) return out;
    SURVEYOR_TRY(Walk(*root, std::string(path), depth, out));
    return out;
  }

 private:
  std::expected<void, common::Error> Walk(const Key& key,
                                          const std::string& path, int depth,
                                          std::vector<RegistryKey>& out) {
    auto values = Values(key, path);
    if (!values) return std::unexpected(values.error());
    out.push_back(RegistryKey{path, std::move(*values)});
    if (depth <= 0) return {};
    auto names = Subkeys(key, path);
    if (!names) return std::unexpected(names.error());
    for (const std::string& name : *names) {
      HKEY child = nullptr;
      // A subkey gone since the listing, or closed to us, is left out; so
      // is what cannot be read below it.
      if (RegOpenKeyExW(key.get(), Wide(name).c_str(), 0,
                        KEY_READ | KEY_WOW64_64KEY, &child) != ERROR_SUCCESS) {
        continue;
      }
      (void)Walk(Key(child), path + "\\" + name, depth - 1, out);
    }
    return {};
  }
};

}  // namespace

std::unique_ptr<RegistryView> NewSystemRegistryView() {
  return std::make_unique<SystemRegistryView>();
}

}  // namespace surveyor::collectors::windows
