#include "collectors/software/rpm_header.h"

#include <cstring>

namespace surveyor::collectors::software {
namespace {

// rpm's own sanity limits (header.c hdrchkTags / hdrchkData).
constexpr std::uint32_t kMaxTags = 0xffff;
constexpr std::uint32_t kMaxData = 256u << 20;
constexpr std::size_t kEntrySize = 16;

enum RpmType : std::uint32_t {
  kTypeInt32 = 4,
  kTypeInt64 = 5,
  kTypeString = 6,
  kTypeStringArray = 8,
  kTypeI18nString = 9,
};

std::uint32_t Be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
         (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

struct Entry {
  std::uint32_t tag, type, offset, count;
  std::uint64_t pos;  // Byte offset of this index entry in the blob.
};

class HeaderView {
 public:
  HeaderView(const unsigned char* index, std::uint32_t il,
             const unsigned char* data, std::uint32_t dl,
             std::uint64_t data_start)
      : index_(index), il_(il), data_(data), dl_(dl), data_start_(data_start) {}

  const Entry* Find(std::uint32_t tag) {
    for (std::uint32_t i = 0; i < il_; ++i) {
      const unsigned char* p = index_ + i * kEntrySize;
      if (Be32(p) == tag) {
        found_ = Entry{tag, Be32(p + 4), Be32(p + 8), Be32(p + 12),
                       8 + std::uint64_t{i} * kEntrySize};
        return &found_;
      }
    }
    return nullptr;
  }

  // The first string of a STRING, STRING_ARRAY or I18NSTRING entry.
  std::expected<std::string, ParseError> String(std::uint32_t tag) {
    const Entry* e = Find(tag);
    if (e == nullptr) return std::string();
    if (e->type != kTypeString && e->type != kTypeStringArray &&
        e->type != kTypeI18nString) {
      return Bad(e->pos, "tag " + std::to_string(tag) +
                             " is not a string (type " +
                             std::to_string(e->type) + ")");
    }
    if (e->offset >= dl_) return Bad(e->pos, "string offset out of range");
    const void* nul = std::memchr(data_ + e->offset, '\0', dl_ - e->offset);
    if (nul == nullptr) {
      return Bad(data_start_ + e->offset, "unterminated string");
    }
    return std::string(
        reinterpret_cast<const char*>(data_ + e->offset),
        static_cast<const unsigned char*>(nul) - (data_ + e->offset));
  }

  // The first value of an INT32 or INT64 entry, if present.
  std::expected<std::optional<std::uint64_t>, ParseError> Int(
      std::uint32_t tag) {
    const Entry* e = Find(tag);
    if (e == nullptr) return std::optional<std::uint64_t>();
    std::uint32_t width = e->type == kTypeInt32   ? 4
                          : e->type == kTypeInt64 ? 8
                                                  : 0;
    if (width == 0) {
      return Bad(e->pos, "tag " + std::to_string(tag) +
                             " is not an integer (type " +
                             std::to_string(e->type) + ")");
    }
    if (e->count == 0 || e->offset % width != 0 ||
        std::uint64_t{e->offset} + width > dl_) {
      return Bad(e->pos, "integer out of range or misaligned");
    }
    const unsigned char* p = data_ + e->offset;
    std::uint64_t v = Be32(p);
    if (width == 8) v = (v << 32) | Be32(p + 4);
    return std::optional<std::uint64_t>(v);
  }

 private:
  // `blob_offset` is where in the blob the problem is.
  static std::unexpected<ParseError> Bad(std::uint64_t blob_offset,
                                         std::string reason) {
    return std::unexpected(ParseError{0, blob_offset, std::move(reason)});
  }

  const unsigned char* index_;
  std::uint32_t il_;
  const unsigned char* data_;
  std::uint32_t dl_;
  std::uint64_t data_start_;
  Entry found_{};
};

}  // namespace

std::string RpmHeader::Evr() const {
  std::string evr;
  if (epoch) evr = std::to_string(*epoch) + ":";
  evr += version;
  if (!release.empty()) evr += "-" + release;
  return evr;
}

std::expected<RpmHeader, ParseError> ParseRpmHeader(std::string_view blob) {
  const auto* p = reinterpret_cast<const unsigned char*>(blob.data());
  if (blob.size() < 8) {
    return std::unexpected(
        ParseError{0, 0, "header blob shorter than 8 bytes"});
  }
  std::uint32_t il = Be32(p), dl = Be32(p + 4);
  if (il == 0 || il > kMaxTags) {
    return std::unexpected(ParseError{
        0, 0, "implausible header index count " + std::to_string(il)});
  }
  if (dl > kMaxData) {
    return std::unexpected(ParseError{
        0, 4, "implausible header data length " + std::to_string(dl)});
  }
  std::uint64_t need = 8 + std::uint64_t{il} * kEntrySize + dl;
  if (blob.size() < need) {
    return std::unexpected(
        ParseError{0, blob.size(),
                   "truncated header: " + std::to_string(blob.size()) +
                       " bytes, index and data need " + std::to_string(need)});
  }
  std::uint64_t data_start = 8 + std::uint64_t{il} * kEntrySize;
  HeaderView h(p + 8, il, p + data_start, dl, data_start);

  RpmHeader out;
  for (auto [tag, field] : {std::pair{kRpmTagName, &out.name},
                            {kRpmTagVersion, &out.version},
                            {kRpmTagRelease, &out.release},
                            {kRpmTagArch, &out.arch},
                            {kRpmTagVendor, &out.vendor},
                            {kRpmTagSourceRpm, &out.source_rpm}}) {
    auto value = h.String(tag);
    if (!value) return std::unexpected(value.error());
    *field = std::move(*value);
  }
  if (out.name.empty()) {
    return std::unexpected(ParseError{0, 8, "header has no NAME tag"});
  }
  auto epoch = h.Int(kRpmTagEpoch);
  if (!epoch) return std::unexpected(epoch.error());
  if (*epoch) out.epoch = static_cast<std::uint32_t>(**epoch);
  auto installed = h.Int(kRpmTagInstallTime);
  if (!installed) return std::unexpected(installed.error());
  out.install_time = static_cast<std::int64_t>(installed->value_or(0));
  auto size = h.Int(kRpmTagLongSize);
  if (!size) return std::unexpected(size.error());
  if (!*size) size = h.Int(kRpmTagSize);
  if (!size) return std::unexpected(size.error());
  out.size = size->value_or(0);
  return out;
}

}  // namespace surveyor::collectors::software
