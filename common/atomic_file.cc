#include "common/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace surveyor::common {

std::expected<void, Error> WriteFileAtomic(const std::string& path,
                                           std::string_view data, int mode) {
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) {
    return Fail(ErrorCode::kIo, tmp + ": " + std::strerror(errno));
  }
  ::fchmod(fd, static_cast<mode_t>(mode));  // Not narrowed by the umask.
  bool ok = ::write(fd, data.data(), data.size()) ==
                static_cast<ssize_t>(data.size()) &&
            ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return Fail(ErrorCode::kIo, path + ": " + std::strerror(err));
  }
  return {};
}

}  // namespace surveyor::common
