#include "collectors/host_view.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace surveyor::collectors {
namespace {

using common::Error;
using common::ErrorCode;

Error ErrnoError(int err, std::string_view path) {
  ErrorCode code = ErrorCode::kIo;
  if (err == ENOENT || err == ENOTDIR) code = ErrorCode::kNotFound;
  if (err == EACCES || err == EPERM) code = ErrorCode::kPermissionDenied;
  return Error{code, std::string(path) + ": " + std::strerror(err)};
}

// Closes a descriptor on scope exit.
struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::expected<HostView, Error> HostView::Open(const std::string& root) {
  int fd = ::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(ErrnoError(errno, root));
  struct stat root_st {
  }, slash_st{};
  bool live = ::fstat(fd, &root_st) == 0 && ::stat("/", &slash_st) == 0 &&
              root_st.st_dev == slash_st.st_dev &&
              root_st.st_ino == slash_st.st_ino;
  return HostView(root, fd, live);
}

HostView::HostView(HostView&& other) noexcept
    : root_(std::move(other.root_)),
      root_fd_(std::exchange(other.root_fd_, -1)),
      live_(other.live_) {}

HostView::~HostView() {
  if (root_fd_ >= 0) ::close(root_fd_);
}

std::expected<int, Error> HostView::OpenInRoot(std::string_view path,
                                               int flags) const {
  std::string rel(path);
  while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
  if (rel.empty()) rel = ".";
  struct open_how how {};
  how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC);
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  int fd = static_cast<int>(
      ::syscall(SYS_openat2, root_fd_, rel.c_str(), &how, sizeof(how)));
  if (fd < 0 && errno == ENOSYS) {
    // Kernels before 5.6: plain openat, links are not confined to the root.
    fd = ::openat(root_fd_, rel.c_str(), flags | O_CLOEXEC);
  }
  if (fd < 0) return std::unexpected(ErrnoError(errno, path));
  return fd;
}

std::expected<std::string, Error> HostView::ReadFile(
    std::string_view path, std::size_t max_bytes) const {
  SURVEYOR_ASSIGN_OR_RETURN(auto fd, OpenInRoot(path, O_RDONLY));
  FdCloser closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return std::unexpected(ErrnoError(errno, path));
  if (S_ISDIR(st.st_mode)) {
    return common::Fail(ErrorCode::kIo, std::string(path) + ": is a directory");
  }
  std::string data;
  // Files under /proc and /sys report size 0; read until EOF either way.
  if (st.st_size > 0) {
    if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
      return common::Fail(ErrorCode::kResourceExhausted,
                          std::string(path) + ": larger than " +
                              std::to_string(max_bytes) + " bytes");
    }
    data.reserve(static_cast<std::size_t>(st.st_size));
  }
  char buf[64 * 1024];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(ErrnoError(errno, path));
    }
    if (n == 0) break;
    if (data.size() + static_cast<std::size_t>(n) > max_bytes) {
      return common::Fail(ErrorCode::kResourceExhausted,
                          std::string(path) + ": larger than " +
                              std::to_string(max_bytes) + " bytes");
    }
    data.append(buf, static_cast<std::size_t>(n));
  }
  return data;
}

std::expected<std::string, Error> HostView::ReadPrefix(
    std::string_view path, std::size_t bytes) const {
  SURVEYOR_ASSIGN_OR_RETURN(auto fd, OpenInRoot(path, O_RDONLY));
  FdCloser closer{fd};
  std::string data(bytes, '\0');
  std::size_t got = 0;
  while (got < bytes) {
    ssize_t n = ::read(fd, data.data() + got, bytes - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(ErrnoError(errno, path));
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  data.resize(got);
  return data;
}

std::expected<std::vector<HostView::DirEntry>, Error> HostView::ListDir(
    std::string_view path) const {
  SURVEYOR_ASSIGN_OR_RETURN(auto fd, OpenInRoot(path, O_RDONLY | O_DIRECTORY));
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    int err = errno;
    ::close(fd);
    return std::unexpected(ErrnoError(err, path));
  }
  std::vector<DirEntry> entries;
  while (struct dirent* ent = ::readdir(dir)) {
    std::string_view name = ent->d_name;
    if (name == "." || name == "..") continue;
    DirEntry e{std::string(name), ent->d_type == DT_DIR, ent->d_type == DT_LNK};
    if (ent->d_type == DT_UNKNOWN) {
      struct stat st {};
      if (::fstatat(::dirfd(dir), ent->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        e.is_dir = S_ISDIR(st.st_mode);
        e.is_symlink = S_ISLNK(st.st_mode);
      }
    }
    entries.push_back(std::move(e));
  }
  ::closedir(dir);
  return entries;
}

std::expected<HostView::FileInfo, Error> HostView::Stat(
    std::string_view path) const {
  SURVEYOR_ASSIGN_OR_RETURN(auto fd, OpenInRoot(path, O_PATH));
  FdCloser closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return std::unexpected(ErrnoError(errno, path));
  return FileInfo{static_cast<std::uint64_t>(st.st_size), st.st_mtim.tv_sec,
                  S_ISDIR(st.st_mode), st.st_uid};
}

std::expected<std::string, Error> HostView::ReadLink(
    std::string_view path) const {
  SURVEYOR_ASSIGN_OR_RETURN(auto fd, OpenInRoot(path, O_PATH | O_NOFOLLOW));
  FdCloser closer{fd};
  char buf[4096];
  ssize_t n = ::readlinkat(fd, "", buf, sizeof(buf));
  if (n < 0) return std::unexpected(ErrnoError(errno, path));
  return std::string(buf, static_cast<std::size_t>(n));
}

std::expected<std::string, Error> HostView::HostPath(
    std::string_view path) const {
  SURVEYOR_ASSIGN_OR_RETURN(auto fd, OpenInRoot(path, O_PATH));
  FdCloser closer{fd};
  std::string proc = "/proc/self/fd/" + std::to_string(fd);
  char buf[4096];
  ssize_t n = ::readlink(proc.c_str(), buf, sizeof(buf));
  if (n < 0) return std::unexpected(ErrnoError(errno, path));
  return std::string(buf, static_cast<std::size_t>(n));
}

}  // namespace surveyor::collectors
