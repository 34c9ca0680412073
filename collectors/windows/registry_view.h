// Read access to the Windows registry, the Windows collectors' one view of
// it: the live registry (registry_view_win32.cc, Windows only) or keys
// parsed from registry export files (ExportRegistryView: fixtures, and the
// fake in tests). Paths are written as regedit exports them, with the long
// root names: "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft", "HKEY_USERS\S-1-5-...".
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/registry_export.h"
#include "common/error.h"

namespace surveyor::collectors::windows {

class RegistryView {
 public:
  virtual ~RegistryView() = default;

  // The names of the direct subkeys of `path`; empty when it is absent.
  // kPermissionDenied or kIo when it exists but cannot be read.
  virtual std::expected<std::vector<std::string>, common::Error> SubkeyNames(
      std::string_view path) = 0;

  // `path` and its subkeys down to `depth` levels below it (0: the key
  // alone), with their values, parents before children; empty when it is
  // absent. A subkey that cannot be opened is left out; kPermissionDenied or
  // kIo when `path` itself cannot be read.
  virtual std::expected<std::vector<RegistryKey>, common::Error> ReadTree(
      std::string_view path, int depth) = 0;
};

// A RegistryView over keys already in memory (e.g. ParseRegistryExport's),
// paths compared case-insensitively as Windows does. SubkeyNames also lists
// keys that only appear as parents of others (an export of one key names
// its parents only in its path); ReadTree returns the keys held.
class ExportRegistryView : public RegistryView {
 public:
  explicit ExportRegistryView(std::vector<RegistryKey> keys);

  std::expected<std::vector<std::string>, common::Error> SubkeyNames(
      std::string_view path) override;
  std::expected<std::vector<RegistryKey>, common::Error> ReadTree(
      std::string_view path, int depth) override;

 private:
  std::vector<RegistryKey> keys_;
};

// The live registry of this machine (Windows builds only).
std::unique_ptr<RegistryView> NewSystemRegistryView();

}  // namespace surveyor::collectors::windows
