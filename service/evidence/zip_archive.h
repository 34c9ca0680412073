// Zip files through libzip (Debian's libzip-dev): writing a bundle with
// fixed timestamps and compression, so the same entries give the same
// bytes; reading one back entry by entry, with limits, for verification.
//
// Errors: kIo naming the file and libzip's reason; kParse for an archive
// that is not a zip, has an entry name with "..", an absolute path or a
// control character, or repeats a name; kInvalidArgument for an entry over
// the size limit.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

struct zip;

namespace surveyor::evidence {

struct ZipEntry {
  std::string name;         // "csv/assets.csv"
  std::string content;      // used when source_path is empty
  std::string source_path;  // a file whose bytes become the entry
};

// Writes `entries` in order to `path` (replacing it), deflated, every entry
// stamped with `mtime` (seconds since the epoch).
std::expected<void, common::Error> WriteZip(
    const std::string& path, const std::vector<ZipEntry>& entries,
    std::int64_t mtime);

class ZipReader {
 public:
  static std::expected<ZipReader, common::Error> Open(const std::string& path);
  ZipReader(ZipReader&& other) noexcept;
  ZipReader& operator=(ZipReader&&) = delete;
  ~ZipReader();

  // Entry names in archive order (directories left out).
  const std::vector<std::string>& names() const { return names_; }
  // The whole entry, refused when larger than `max_bytes`.
  std::expected<std::string, common::Error> Read(const std::string& name,
                                                 std::uint64_t max_bytes) const;
  // The entry's SHA-256 as lowercase hex, read in pieces.
  std::expected<std::string, common::Error> Sha256Hex(
      const std::string& name) const;

 private:
  ZipReader(std::string path, struct zip* za)
      : path_(std::move(path)), za_(za) {}
  std::expected<std::int64_t, common::Error> Index(
      const std::string& name) const;
  // Reads entry `index` in pieces until `piece` returns false or it ends
  // (libzip checks the CRC at the end).
  std::expected<void, common::Error> Each(
      const std::string& name, std::int64_t index,
      const std::function<bool(std::string_view)>& piece) const;

  std::string path_;
  struct zip* za_;
  std::vector<std::string> names_;
};

}  // namespace surveyor::evidence
