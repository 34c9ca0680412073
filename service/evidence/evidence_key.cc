#include "service/evidence/evidence_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/hash.h"

namespace surveyor::evidence {

using common::ErrorCode;
using common::Fail;

namespace {

std::expected<common::IdentityKey, common::Error> Read(
    const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Fail(ErrorCode::kIo, path + ": " + std::strerror(errno));
  }
  if ((st.st_mode & 077) != 0) {
    return Fail(ErrorCode::kInvalidArgument,
                path +
                    ": the evidence key is readable by group or others "
                    "(chmod 600 it)");
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in && !in.eof()) {
    return Fail(ErrorCode::kIo, path + ": cannot read the evidence key");
  }
  auto key = common::LoadIdentityKey(ss.str());
  if (!key) {
    return Fail(ErrorCode::kParse, path + ": " + key.error().message);
  }
  return key;
}

}  // namespace

std::expected<common::IdentityKey, common::Error> LoadOrCreateEvidenceKey(
    const std::string& path) {
  if (::access(path.c_str(), F_OK) == 0) return Read(path);
  std::error_code ec;
  const auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty() && !std::filesystem::exists(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return Fail(ErrorCode::kIo, dir.string() + ": " + ec.message());
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  }
  SURVEYOR_ASSIGN_OR_RETURN(auto key, common::NewIdentityKey());
  // Written under a temporary name, then linked into place: whoever links
  // first wins and everyone reads that key.
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd =
      ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(ErrorCode::kIo, tmp + ": " + std::strerror(errno));
  const auto& pem = key.private_pem;
  const bool written =
      ::write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size()) &&
      ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(tmp.c_str());
    return Fail(ErrorCode::kIo, tmp + ": cannot write the evidence key");
  }
  const int linked = ::link(tmp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0 && link_errno != EEXIST) {
    return Fail(ErrorCode::kIo, path + ": " + std::strerror(link_errno));
  }
  return Read(path);
}

std::string KeyFingerprint(const std::string& public_raw) {
  return "SHA256:" + common::HexEncode(common::Sha256(public_raw));
}

}  // namespace surveyor::evidence
