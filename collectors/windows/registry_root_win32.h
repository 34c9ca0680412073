// The predefined key a registry path's first component names (regedit's
// long root names, compared case-insensitively), or null. Windows only.
#pragma once

#include <windows.h>

#include <array>
#include <string_view>

#include "collectors/text_util.h"

namespace surveyor::collectors::windows {

inline HKEY RegistryRoot(std::string_view name) {
  struct Root {
    std::string_view name;
    HKEY key;
  };
  static const std::array kRoots = {
      Root{"HKEY_LOCAL_MACHINE", HKEY_LOCAL_MACHINE},
      Root{"HKEY_USERS", HKEY_USERS},
      Root{"HKEY_CURRENT_USER", HKEY_CURRENT_USER},
      Root{"HKEY_CLASSES_ROOT", HKEY_CLASSES_ROOT},
      Root{"HKEY_CURRENT_CONFIG", HKEY_CURRENT_CONFIG},
  };
  for (const Root& root : kRoots) {
    if (EqualsIgnoreCase(root.name, name)) return root.key;
  }
  return nullptr;
}

}  // namespace surveyor::collectors::windows
