#include <algorithm>

#include "collectors/text_util.h"
#include "collectors/windows/registry_view.h"

namespace surveyor::collectors::windows {
namespace {

// The part of `path` below `parent` ("" for the key itself), or null when
// `path` is not `parent` or under it.
std::optional<std::string_view> Below(std::string_view path,
                                      std::string_view parent) {
  if (path.size() < parent.size() ||
      !EqualsIgnoreCase(path.substr(0, parent.size()), parent)) {
    return std::nullopt;
  }
  std::string_view rest = path.substr(parent.size());
  if (rest.empty()) return rest;
  if (rest.front() != '\\') return std::nullopt;
  return rest.substr(1);
}

int Depth(std::string_view relative) {
  if (relative.empty()) return 0;
  return 1 +
         static_cast<int>(std::count(relative.begin(), relative.end(), '\\'));
}

}  // namespace

ExportRegistryView::ExportRegistryView(std::vector<RegistryKey> keys)
    : keys_(std::move(keys)) {}

std::expected<std::vector<std::string>, common::Error>
ExportRegistryView::SubkeyNames(std::string_view path) {
  std::vector<std::string> names;
  for (const RegistryKey& key : keys_) {
    const auto rest = Below(key.path, path);
    if (!rest || rest->empty()) continue;
    const std::string name(rest->substr(0, rest->find('\\')));
    const bool seen = std::any_of(names.begin(), names.end(), [&](auto& n) {
      return EqualsIgnoreCase(n, name);
    });
    if (!seen) names.push_back(name);
  }
  return names;
}

std::expected<std::vector<RegistryKey>, common::Error>
ExportRegistryView::ReadTree(std::string_view path, int depth) {
  std::vector<RegistryKey> out;
  for (const RegistryKey& key : keys_) {
    const auto rest = Below(key.path, path);
    if (rest && Depth(*rest) <= depth) out.push_back(key);
  }
  return out;
}

}  // namespace surveyor::collectors::windows
