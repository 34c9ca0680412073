// Files and directories only the agent (and the machine's administrators)
// may read: the state directory with its keys and outbox, and the check on
// the enrollment secret's file. On Linux (private_path.cc) modes 0700 and
// 0600; on Windows (private_path_win32.cc) a protected DACL granting full
// control to SYSTEM and Administrators only, which files made inside
// inherit.
#pragma once

#include <expected>
#include <string>

#include "common/error.h"

namespace surveyor::common {

// Creates `path` (one level) as a private directory; an existing directory
// is left as it is. kIo naming the path otherwise.
std::expected<void, Error> MakePrivateDirectory(const std::string& path);

// Narrows a file made inside a private directory to its owner (Linux;
// Windows files inherit the directory's DACL).
void MakeFilePrivate(const std::string& path);

// Whether users other than the owner (Linux: group or others; Windows:
// Everyone, Users or Authenticated Users) may read `path`. False when it
// cannot be told.
bool OthersCanRead(const std::string& path);

}  // namespace surveyor::common
