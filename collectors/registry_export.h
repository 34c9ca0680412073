// The Windows registry as keys and values, and a parser for registry export
// files (.reg, what `regedit /e` and `reg export` write): the shape the
// Windows agent's registry reader fills from the live registry, and the
// format its registry fixtures (and captures published by others) come in.
//
// Formats: "Windows Registry Editor Version 5.00" (UTF-16LE with a byte
// order mark, as regedit writes it, or UTF-8) and "REGEDIT4" (8-bit).
// Strings come out as UTF-8. Deletions ([-KEY], "name"=-) are skipped.
// Pure: bytes in, keys out.
//
// Errors: a ParseError naming the line (1-based) for a missing header, a
// value outside a key, an unterminated string or key, bad hex data or an
// unknown value form.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"

namespace surveyor::collectors {

struct RegistryValue {
  enum class Type {
    kString,        // REG_SZ
    kExpandString,  // REG_EXPAND_SZ (not expanded)
    kMultiString,   // REG_MULTI_SZ
    kDword,         // REG_DWORD
    kQword,         // REG_QWORD
    kBinary,        // REG_BINARY and any other type, as raw bytes
  };
  std::string name;  // "" for the key's default value ("@").
  Type type = Type::kString;
  std::string text;                  // String types, UTF-8.
  std::vector<std::string> strings;  // kMultiString.
  std::uint64_t number = 0;          // kDword, kQword.
  std::string bytes;                 // kBinary.
};

struct RegistryKey {
  // Full path as exported, e.g. "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft".
  std::string path;
  std::vector<RegistryValue> values;

  // The value called `name` (case-insensitively, as Windows compares value
  // names), or null.
  const RegistryValue* Find(std::string_view name) const;
  // A string value's text (kString or kExpandString), or "" when absent or
  // of another type.
  std::string_view String(std::string_view name) const;
  // A kDword or kQword value, or `fallback`.
  std::uint64_t Number(std::string_view name, std::uint64_t fallback) const;
};

std::expected<std::vector<RegistryKey>, ParseError> ParseRegistryExport(
    std::string_view bytes);

// UTF-16LE bytes to UTF-8; unpaired surrogates become U+FFFD, an odd final
// byte is dropped. Stops at the first NUL code unit when `stop_at_nul`.
std::string Utf16LeToUtf8(std::string_view bytes, bool stop_at_nul = false);

}  // namespace surveyor::collectors
