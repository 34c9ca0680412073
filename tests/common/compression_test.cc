#include "common/compression.h"

#include <gtest/gtest.h>
#include <zlib.h>

namespace surveyor::common {
namespace {

std::string Gzip(const std::string& data) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string Text(std::size_t n) {
  std::string s;
  while (s.size() < n) s += "libfoo-dev 1.2.3-4 amd64 installed\n";
  s.resize(n);
  return s;
}

TEST(CompressionTest, ZstdAndGzipRoundTrip) {
  std::string data = Text(300000);
  auto z = ZstdCompress(data, 9);
  ASSERT_TRUE(z);
  EXPECT_LT(z->size(), data.size() / 20);
  EXPECT_EQ(*Decompress(Encoding::kZstd, *z, data.size()), data);
  EXPECT_EQ(*Decompress(Encoding::kGzip, Gzip(data), data.size()), data);
  EXPECT_EQ(*Decompress(Encoding::kIdentity, data, data.size()), data);
}

TEST(CompressionTest, BombsStopAtTheLimit) {
  // 256 MiB of zeros compresses to a few KiB.
  std::string zeros(256u << 20, '\0');
  auto bomb = ZstdCompress(zeros, 3);
  ASSERT_TRUE(bomb);
  zeros.clear();
  zeros.shrink_to_fit();
  ASSERT_LT(bomb->size(), 64u << 10);
  auto r = Decompress(Encoding::kZstd, *bomb, 1u << 20);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kResourceExhausted);
  // The frame declares its size: refused before decoding anything.
  EXPECT_NE(r.error().message.find("declares"), std::string::npos);
  // A gzip stream says nothing about its size: stopped while inflating.
  auto g =
      Decompress(Encoding::kGzip, Gzip(std::string(8u << 20, 'x')), 1u << 20);
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(Decompress(Encoding::kIdentity, "12345", 4).error().code,
            ErrorCode::kResourceExhausted);
}

TEST(CompressionTest, CorruptAndTruncatedInputIsAParseError) {
  std::string data = Text(100000);
  auto z = *ZstdCompress(data, 3);
  auto gz = Gzip(data);
  for (auto [enc, bytes] :
       {std::pair{Encoding::kZstd, z.substr(0, z.size() / 2)},
        std::pair{Encoding::kZstd, std::string("not zstd at all")},
        std::pair{Encoding::kGzip, gz.substr(0, gz.size() / 2)},
        std::pair{Encoding::kGzip, std::string("\x1f\x8b garbage")},
        std::pair{Encoding::kGzip, gz + "trailing"}}) {
    auto r = Decompress(enc, bytes, 1u << 20);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kParse) << r.error().message;
  }
}

TEST(CompressionTest, ContentEncodingHeader) {
  EXPECT_EQ(*ParseContentEncoding(""), Encoding::kIdentity);
  EXPECT_EQ(*ParseContentEncoding("identity"), Encoding::kIdentity);
  EXPECT_EQ(*ParseContentEncoding(" ZSTD "), Encoding::kZstd);
  EXPECT_EQ(*ParseContentEncoding("gzip"), Encoding::kGzip);
  auto bad = ParseContentEncoding("br\x1b[2J");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(bad.error().message.find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace surveyor::common
