// HostView: every file the agent reads goes through one of these, rooted at a
// directory (`--root DIR`, default "/"). With root "/" it reads the live
// machine; with another root it inventories a mounted disk image, a container
// host or a test fixture tree. Paths given to it are absolute paths *inside*
// the view ("/var/lib/dpkg/status").
//
// On Linux (host_view.cc) symlinks are resolved inside the root (openat2
// RESOLVE_IN_ROOT), so an absolute link in an image such as /etc/os-release
// -> /usr/lib/os-release stays inside the image instead of escaping to the
// machine running the agent; it owns one directory file descriptor for the
// root. On Windows (host_view_win32.cc) "/" is the system drive, paths take
// either slash, and ".." stops at the root; links and junctions in an
// offline image are followed where they point.
//
// Const methods are thread-safe.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace surveyor::collectors {

class HostView {
 public:
  struct DirEntry {
    std::string name;
    bool is_dir = false;
    bool is_symlink = false;
  };
  struct FileInfo {
    std::uint64_t size = 0;
    std::int64_t mtime = 0;  // Seconds since the epoch.
    bool is_dir = false;
    std::uint32_t uid = 0;  // Owner (Linux); 0 on Windows.
  };

  // Fails when `root` is not an openable directory.
  static std::expected<HostView, common::Error> Open(const std::string& root);

  HostView(HostView&& other) noexcept;
  HostView& operator=(HostView&&) = delete;
  HostView(const HostView&) = delete;
  HostView& operator=(const HostView&) = delete;
  ~HostView();

  // The root directory as given.
  const std::string& root() const { return root_; }
  // True when the view is the running machine ("/"; on Windows also the
  // system drive's root).
  bool is_live() const { return live_; }

  // Whole file contents. kNotFound when absent; kResourceExhausted when the
  // file is larger than `max_bytes`.
  std::expected<std::string, common::Error> ReadFile(
      std::string_view path, std::size_t max_bytes = kDefaultMaxFile) const;

  // At most the first `bytes` bytes of a file (headers of large files).
  std::expected<std::string, common::Error> ReadPrefix(std::string_view path,
                                                       std::size_t bytes) const;

  // Directory entries (without "." and ".."), unsorted.
  std::expected<std::vector<DirEntry>, common::Error> ListDir(
      std::string_view path) const;

  // Metadata, following symlinks inside the root.
  std::expected<FileInfo, common::Error> Stat(std::string_view path) const;

  // Target of a symlink, as stored in the link.
  std::expected<std::string, common::Error> ReadLink(
      std::string_view path) const;

  // The path on the machine running the agent that `path` resolves to, for
  // APIs that need a file name (SQLite). kNotFound when absent.
  std::expected<std::string, common::Error> HostPath(
      std::string_view path) const;

  static constexpr std::size_t kDefaultMaxFile = 256u << 20;

 private:
  HostView(std::string root, int root_fd, bool live)
      : root_(std::move(root)), root_fd_(root_fd), live_(live) {}
  // Opens `path` inside the root; returns an owned fd.
  std::expected<int, common::Error> OpenInRoot(std::string_view path,
                                               int flags) const;

  std::string root_;
  int root_fd_ = -1;
  bool live_ = false;
};

}  // namespace surveyor::collectors
