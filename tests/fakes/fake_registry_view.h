// A registry for tests: keys from export fixtures (ExportRegistryView), with
// chosen keys closed to the reader, as ACLs close them on Windows.
#pragma once

#include <string>
#include <vector>

#include "collectors/text_util.h"
#include "collectors/windows/registry_view.h"

namespace surveyor::testing {

class FakeRegistryView : public collectors::windows::RegistryView {
 public:
  explicit FakeRegistryView(std::vector<collectors::RegistryKey> keys)
      : keys_(std::move(keys)) {}

  // Reading `path` or anything below it is refused with kPermissionDenied.
  void Deny(std::string path) { denied_.push_back(std::move(path)); }

  std::expected<std::vector<std::string>, common::Error> SubkeyNames(
      std::string_view path) override {
    if (IsDenied(path)) return Refuse(path);
    return keys_.SubkeyNames(path);
  }
  std::expected<std::vector<collectors::RegistryKey>, common::Error> ReadTree(
      std::string_view path, int depth) override {
    if (IsDenied(path)) return Refuse(path);
    return keys_.ReadTree(path, depth);
  }

 private:
  bool IsDenied(std::string_view path) const {
    for (const std::string& d : denied_) {
      if (path.size() >= d.size() &&
          collectors::EqualsIgnoreCase(path.substr(0, d.size()), d)) {
        return true;
      }
    }
    return false;
  }
  static std::unexpected<common::Error> Refuse(std::string_view path) {
    return common::Fail(common::ErrorCode::kPermissionDenied,
                        std::string(path) + ": access denied");
  }

  collectors::windows::ExportRegistryView keys_;
  std::vector<std::string> denied_;
};

}  // namespace surveyor::testing
