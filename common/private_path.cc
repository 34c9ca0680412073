#include "common/private_path.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace surveyor::common {

std::expected<void, Error> MakePrivateDirectory(const std::string& path) {
  if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
    return Fail(ErrorCode::kIo, path + ": " + std::strerror(errno));
  }
  return {};
}

void MakeFilePrivate(const std::string& path) { ::chmod(path.c_str(), 0600); }

bool OthersCanRead(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && (st.st_mode & 0077) != 0;
}

}  // namespace surveyor::common
