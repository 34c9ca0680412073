#include "common/compression.h"

#include <strings.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <memory>

namespace surveyor::common {
namespace {

std::expected<std::string, Error> ZstdDecompress(std::string_view data,
                                                 std::size_t max_output) {
  // A frame that declares its size is refused before any work.
  unsigned long long declared =
      ZSTD_getFrameContentSize(data.data(), data.size());
  if (declared == ZSTD_CONTENTSIZE_ERROR) {
    return Fail(ErrorCode::kParse, "zstd: not a zstd frame");
  }
  if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared > max_output) {
    return Fail(ErrorCode::kResourceExhausted,
                "zstd: frame declares " + std::to_string(declared) +
                    " bytes, more than the limit of " +
                    std::to_string(max_output));
  }
  std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> ctx(ZSTD_createDCtx(),
                                                           ZSTD_freeDCtx);
  if (!ctx) return Fail(ErrorCode::kInternal, "zstd: out of memory");
  // Refuse frames that need a window larger than 16 MiB.
  std::size_t window_log = 24;
  if (ZSTD_isError(ZSTD_DCtx_setParameter(ctx.get(), ZSTD_d_windowLogMax,
                                          static_cast<int>(window_log)))) {
    return Fail(ErrorCode::kInternal, "zstd: cannot limit the window size");
  }
  std::string out;
  out.resize(std::min<std::size_t>(
      max_output, declared != ZSTD_CONTENTSIZE_UNKNOWN
                      ? static_cast<std::size_t>(declared)
                      : std::max<std::size_t>(data.size() * 4, 64 * 1024)));
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  std::size_t produced = 0;
  while (true) {
    ZSTD_outBuffer o{out.data() + produced, out.size() - produced, 0};
    std::size_t rc = ZSTD_decompressStream(ctx.get(), &o, &in);
    if (ZSTD_isError(rc)) {
      return Fail(ErrorCode::kParse,
                  std::string("zstd: ") + ZSTD_getErrorName(rc));
    }
    produced += o.pos;
    if (rc == 0 && in.pos == in.size) break;  // Frame complete, input used.
    if (o.pos < o.size && in.pos == in.size) {
      return Fail(ErrorCode::kParse, "zstd: truncated frame");
    }
    if (produced == out.size()) {
      if (out.size() >= max_output) {
        return Fail(ErrorCode::kResourceExhausted,
                    "zstd: decompressed body exceeds " +
                        std::to_string(max_output) + " bytes");
      }
      out.resize(std::min(max_output, out.size() * 2));
    }
  }
  out.resize(produced);
  return out;
}

std::expected<std::string, Error> GzipDecompress(std::string_view data,
                                                 std::size_t max_output) {
  z_stream zs{};
  // 15 + 16: a gzip wrapper only.
  if (inflateInit2(&zs, 15 + 16) != Z_OK) {
    return Fail(ErrorCode::kInternal, "gzip: inflateInit2 failed");
  }
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&zs, inflateEnd);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  out.resize(std::min<std::size_t>(
      max_output, std::max<std::size_t>(data.size() * 4, 64 * 1024)));
  std::size_t produced = 0;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    zs.avail_out = static_cast<uInt>(out.size() - produced);
    int rc = inflate(&zs, Z_NO_FLUSH);
    produced = out.size() - zs.avail_out;
    if (rc == Z_STREAM_END) {
      if (zs.avail_in != 0) {
        return Fail(ErrorCode::kParse, "gzip: data after the end of stream");
      }
      break;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      return Fail(ErrorCode::kParse, "gzip: truncated stream");
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      return Fail(ErrorCode::kParse,
                  std::string("gzip: ") + (zs.msg ? zs.msg : "corrupt data"));
    }
    if (zs.avail_out == 0) {
      if (out.size() >= max_output) {
        return Fail(ErrorCode::kResourceExhausted,
                    "gzip: decompressed body exceeds " +
                        std::to_string(max_output) + " bytes");
      }
      out.resize(std::min(max_output, out.size() * 2));
    }
  }
  out.resize(produced);
  return out;
}

}  // namespace

std::expected<Encoding, Error> ParseContentEncoding(std::string_view header) {
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  while (!header.empty() && header.back() == ' ') header.remove_suffix(1);
  auto is = [&](const char* name) {
    return header.size() == std::strlen(name) &&
           ::strncasecmp(header.data(), name, header.size()) == 0;
  };
  if (header.empty() || is("identity")) return Encoding::kIdentity;
  if (is("zstd")) return Encoding::kZstd;
  if (is("gzip") || is("x-gzip")) return Encoding::kGzip;
  std::string shown;
  for (char c : header.substr(0, 40)) {
    shown += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  return Fail(
      ErrorCode::kUnsupported,
      "unsupported Content-Encoding '" + shown + "' (zstd, gzip or identity)");
}

std::expected<std::string, Error> ZstdCompress(std::string_view data,
                                               int level) {
  std::string out;
  out.resize(ZSTD_compressBound(data.size()));
  std::size_t n =
      ZSTD_compress(out.data(), out.size(), data.data(), data.size(), level);
  if (ZSTD_isError(n)) {
    return Fail(ErrorCode::kInternal,
                std::string("zstd: ") + ZSTD_getErrorName(n));
  }
  out.resize(n);
  return out;
}

std::expected<std::string, Error> Decompress(Encoding encoding,
                                             std::string_view data,
                                             std::size_t max_output) {
  switch (encoding) {
    case Encoding::kIdentity:
      if (data.size() > max_output) {
        return Fail(ErrorCode::kResourceExhausted,
                    "body exceeds " + std::to_string(max_output) + " bytes");
      }
      return std::string(data);
    case Encoding::kZstd:
      return ZstdDecompress(data, max_output);
    case Encoding::kGzip:
      return GzipDecompress(data, max_output);
  }
  return Fail(ErrorCode::kInternal, "unknown encoding");
}

}  // namespace surveyor::common
