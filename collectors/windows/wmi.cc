#include "collectors/windows/wmi.h"

#include "collectors/text_util.h"

namespace surveyor::collectors::windows {

std::string_view WmiObject::Get(std::string_view name) const {
  for (const auto& [key, value] : properties) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return {};
}

bool WmiObject::Has(std::string_view name) const {
  for (const auto& property : properties) {
    if (EqualsIgnoreCase(property.first, name)) return true;
  }
  return false;
}

std::expected<std::vector<WmiObject>, common::Error> QueryIfPresent(
    Wmi& wmi, std::string_view wmi_namespace, std::string_view wql) {
  auto objects = wmi.Query(wmi_namespace, wql);
  if (!objects && objects.error().code == common::ErrorCode::kNotFound) {
    return std::vector<WmiObject>{};
  }
  return objects;
}

}  // namespace surveyor::collectors::windows
