#include "service/evidence/zip_archive.h"

#include <zip.h>

#include <set>

#include "common/hash.h"
#include "common/logging.h"

namespace surveyor::evidence {

using common::ErrorCode;
using common::Fail;

namespace {

std::string OpenError(int code) {
  zip_error_t e;
  zip_error_init_with_code(&e, code);
  std::string msg = zip_error_strerror(&e);
  zip_error_fini(&e);
  return msg;
}

bool SafeName(const std::string& name) {
  if (name.empty() || name.front() == '/' ||
      name.find("..") != std::string::npos ||
      name.find('\\') != std::string::npos) {
    return false;
  }
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

std::expected<void, common::Error> WriteZip(
    const std::string& path, const std::vector<ZipEntry>& entries,
    std::int64_t mtime) {
  int code = 0;
  zip_t* za = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (za == nullptr) {
    return Fail(ErrorCode::kIo, path + ": " + OpenError(code));
  }
  auto fail = [&](const std::string& what) {
    std::string msg = path + ": " + what + ": " + zip_strerror(za);
    zip_discard(za);
    return Fail(ErrorCode::kIo, msg);
  };
  for (const ZipEntry& e : entries) {
    zip_source_t* src =
        e.source_path.empty()
            ? zip_source_buffer(za, e.content.data(), e.content.size(), 0)
            : zip_source_file(za, e.source_path.c_str(), 0, -1);
    if (src == nullptr) return fail(e.name);
    const zip_int64_t idx =
        zip_file_add(za, e.name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      zip_source_free(src);
      return fail(e.name);
    }
    const auto i = static_cast<zip_uint64_t>(idx);
    if (zip_file_set_mtime(za, i, static_cast<time_t>(mtime), 0) != 0 ||
        zip_set_file_compression(za, i, ZIP_CM_DEFLATE, 6) != 0 ||
        zip_file_set_external_attributes(za, i, 0, ZIP_OPSYS_UNIX,
                                         0100644u << 16) != 0) {
      return fail(e.name);
    }
  }
  if (zip_close(za) != 0) return fail("writing");
  return {};
}

std::expected<ZipReader, common::Error> ZipReader::Open(
    const std::string& path) {
  int code = 0;
  zip_t* za = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (za == nullptr) {
    return Fail(code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS
                    ? ErrorCode::kParse
                    : ErrorCode::kIo,
                path + ": " + OpenError(code));
  }
  ZipReader r(path, za);
  const zip_int64_t n = zip_get_num_entries(za, 0);
  std::set<std::string> seen;
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* raw = zip_get_name(za, static_cast<zip_uint64_t>(i), 0);
    std::string name = raw ? raw : "";
    if (!name.empty() && name.back() == '/') continue;
    if (!SafeName(name)) {
      return Fail(ErrorCode::kParse, path + ": unsafe entry name '" +
                                         common::Printable(name, 100) + "'");
    }
    if (!seen.insert(name).second) {
      return Fail(ErrorCode::kParse, path + ": entry '" +
                                         common::Printable(name, 100) +
                                         "' appears twice");
    }
    r.names_.push_back(std::move(name));
  }
  return r;
}

ZipReader::ZipReader(ZipReader&& other) noexcept
    : path_(std::move(other.path_)),
      za_(other.za_),
      names_(std::move(other.names_)) {
  other.za_ = nullptr;
}

ZipReader::~ZipReader() {
  if (za_ != nullptr) zip_discard(za_);
}

std::expected<std::int64_t, common::Error> ZipReader::Index(
    const std::string& name) const {
  const zip_int64_t i = zip_name_locate(za_, name.c_str(), 0);
  if (i < 0) {
    return Fail(ErrorCode::kNotFound,
                path_ + ": no entry '" + common::Printable(name, 100) + "'");
  }
  return i;
}

std::expected<std::string, common::Error> ZipReader::Read(
    const std::string& name, std::uint64_t max_bytes) const {
  SURVEYOR_ASSIGN_OR_RETURN(auto i, Index(name));
  zip_stat_t st;
  if (zip_stat_index(za_, static_cast<zip_uint64_t>(i), 0, &st) != 0) {
    return Fail(ErrorCode::kIo, path_ + ": " + name + ": " + zip_strerror(za_));
  }
  if (st.size > max_bytes) {
    return Fail(ErrorCode::kInvalidArgument,
                path_ + ": " + name + " is larger than " +
                    std::to_string(max_bytes) + " bytes");
  }
  std::string out;
  SURVEYOR_TRY(Each(name, i, [&](std::string_view piece) {
    out.append(piece);
    return out.size() <= max_bytes;
  }));
  if (out.size() > max_bytes) {
    return Fail(ErrorCode::kInvalidArgument,
                path_ + ": " + name + " is larger than its header says");
  }
  return out;
}

std::expected<std::string, common::Error> ZipReader::Sha256Hex(
    const std::string& name) const {
  SURVEYOR_ASSIGN_OR_RETURN(auto i, Index(name));
  common::Sha256Stream sha;
  SURVEYOR_TRY(Each(name, i, [&](std::string_view piece) {
    sha.Update(piece);
    return true;
  }));
  return common::HexEncode(sha.Final());
}

std::expected<void, common::Error> ZipReader::Each(
    const std::string& name, std::int64_t index,
    const std::function<bool(std::string_view)>& piece) const {
  zip_file_t* f = zip_fopen_index(za_, static_cast<zip_uint64_t>(index), 0);
  if (f == nullptr) {
    return Fail(ErrorCode::kIo, path_ + ": " + name + ": " + zip_strerror(za_));
  }
  char buf[65536];
  zip_int64_t got;
  while ((got = zip_fread(f, buf, sizeof(buf))) > 0) {
    if (!piece(std::string_view(buf, static_cast<std::size_t>(got)))) break;
  }
  std::string err = got < 0 ? zip_file_strerror(f) : "";
  zip_fclose(f);
  if (got < 0) return Fail(ErrorCode::kParse, path_ + ": " + name + ": " + err);
  return {};
}

}  // namespace surveyor::evidence
