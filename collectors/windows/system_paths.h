// Where Windows keeps its own programs (Windows builds only).
#pragma once

#include <string>

namespace surveyor::collectors::windows {

// The System32 folder in UTF-8, e.g. "C:\Windows\system32".
std::string SystemDirectory();

}  // namespace surveyor::collectors::windows
