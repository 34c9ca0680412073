// HostView on Windows, over std::filesystem with wide paths.
#include <windows.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <utility>

#include "collectors/host_view.h"
#include "common/win32_text.h"

namespace surveyor::collectors {
namespace {

namespace fs = std::filesystem;
using common::Error;
using common::ErrorCode;

Error FsError(const std::error_code& ec, std::string_view path) {
  ErrorCode code = ErrorCode::kIo;
  if (ec == std::errc::no_such_file_or_directory ||
      ec == std::errc::not_a_directory) {
    code = ErrorCode::kNotFound;
  }
  if (ec == std::errc::permission_denied) code = ErrorCode::kPermissionDenied;
  return Error{code, std::string(path) + ": " + ec.message()};
}

// "C:\": the drive Windows runs from.
std::string SystemDriveRoot() {
  wchar_t dir[MAX_PATH];
  const UINT n = GetWindowsDirectoryW(dir, MAX_PATH);
  if (n < 2 || n >= MAX_PATH) return "C:\\";
  return common::Narrow(std::wstring_view(dir, 2)) + "\\";
}

// The file `path` names inside `root`: its components in order, "." left
// out and ".." never above the root.
fs::path Resolve(const std::string& root, std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find_first_of("/\\", start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  fs::path out(common::Wide(root));
  for (std::string_view part : parts) out /= common::Wide(part);
  return out;
}

std::expected<std::string, Error> ReadAtMost(const fs::path& file,
                                             std::string_view path,
                                             std::size_t bytes,
                                             bool over_is_error) {
  std::error_code ec;
  if (fs::is_directory(file, ec)) {
    return common::Fail(ErrorCode::kIo, std::string(path) + ": is a directory");
  }
  const auto size = fs::file_size(file, ec);
  if (ec) return std::unexpected(FsError(ec, path));
  if (over_is_error && size > bytes) {
    return common::Fail(ErrorCode::kResourceExhausted,
                        std::string(path) + ": larger than " +
                            std::to_string(bytes) + " bytes");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return common::Fail(ErrorCode::kIo, std::string(path) + ": cannot open");
  }
  std::string data(static_cast<std::size_t>(std::min<std::uintmax_t>(
                       size, static_cast<std::uintmax_t>(bytes))),
                   '\0');
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  data.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) {
    return common::Fail(ErrorCode::kIo, std::string(path) + ": read failed");
  }
  return data;
}

}  // namespace

std::expected<HostView, Error> HostView::Open(const std::string& root) {
  const std::string system = SystemDriveRoot();
  const std::string base = root == "/" ? system : root;
  std::error_code ec;
  if (!fs::is_directory(common::Wide(base), ec)) {
    if (ec) return std::unexpected(FsError(ec, root));
    return common::Fail(ErrorCode::kNotFound, root + ": not a directory");
  }
  const bool live =
      fs::equivalent(common::Wide(base), common::Wide(system), ec) && !ec;
  return HostView(base, -1, live);
}

HostView::HostView(HostView&& other) noexcept
    : root_(std::move(other.root_)),
      root_fd_(std::exchange(other.root_fd_, -1)),
      live_(other.live_) {}

HostView::~HostView() = default;

std::expected<std::string, Error> HostView::ReadFile(
    std::string_view path, std::size_t max_bytes) const {
  return ReadAtMost(Resolve(root_, path), path, max_bytes, true);
}

std::expected<std::string, Error> HostView::ReadPrefix(
    std::string_view path, std::size_t bytes) const {
  return ReadAtMost(Resolve(root_, path), path, bytes, false);
}

std::expected<std::vector<HostView::DirEntry>, Error> HostView::ListDir(
    std::string_view path) const {
  std::error_code ec;
  fs::directory_iterator it(Resolve(root_, path), ec);
  if (ec) return std::unexpected(FsError(ec, path));
  std::vector<DirEntry> entries;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code ignored;
    entries.push_back({common::Narrow(it->path().filename().wstring()),
                       it->is_directory(ignored), it->is_symlink(ignored)});
  }
  if (ec) return std::unexpected(FsError(ec, path));
  return entries;
}

std::expected<HostView::FileInfo, Error> HostView::Stat(
    std::string_view path) const {
  const fs::path file = Resolve(root_, path);
  std::error_code ec;
  const fs::file_status st = fs::status(file, ec);
  if (ec) return std::unexpected(FsError(ec, path));
  FileInfo info;
  info.is_dir = fs::is_directory(st);
  if (!info.is_dir) info.size = fs::file_size(file, ec);
  const auto written = fs::last_write_time(file, ec);
  if (!ec) {
    info.mtime =
        std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::file_clock::to_sys(written).time_since_epoch())
            .count();
  }
  return info;
}

std::expected<std::string, Error> HostView::ReadLink(
    std::string_view path) const {
  std::error_code ec;
  const fs::path target = fs::read_symlink(Resolve(root_, path), ec);
  if (ec) return std::unexpected(FsError(ec, path));
  return common::Narrow(target.wstring());
}

std::expected<std::string, Error> HostView::HostPath(
    std::string_view path) const {
  const fs::path file = Resolve(root_, path);
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    return common::Fail(ErrorCode::kNotFound, std::string(path) + ": absent");
  }
  return common::Narrow(file.wstring());
}

}  // namespace surveyor::collectors
