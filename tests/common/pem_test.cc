#include "common/pem.h"

#include <gtest/gtest.h>

namespace surveyor::common {
namespace {

TEST(PemTest, RoundTripsInLinesOf64) {
  const std::string der(100, '\x5a');
  const std::string pem = PemEncode("PUBLIC KEY", der);
  EXPECT_TRUE(pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
  EXPECT_TRUE(pem.ends_with("\n-----END PUBLIC KEY-----\n"));
  // 100 bytes: 136 characters, in lines of 64, 64 and 8.
  const auto first = pem.find('\n') + 1;
  EXPECT_EQ(pem.find('\n', first) - first, 64u);
  EXPECT_EQ(*PemDecode("PUBLIC KEY", pem), der);
  for (std::size_t n : {0u, 1u, 2u, 3u}) {
    const std::string bytes = std::string("\x00\xff\x10", n);
    EXPECT_EQ(*PemDecode("X", PemEncode("X", bytes)), bytes) << n;
  }
}

TEST(PemTest, RefusesWhatIsNotStrictPem) {
  // kInternal stands for "decoded": PemDecode never returns it.
  auto code = [](std::string_view label, std::string_view pem) {
    auto r = PemDecode(label, pem);
    return r ? ErrorCode::kInternal : r.error().code;
  };
  const char* ok = "-----BEGIN K-----\nQUJD\n-----END K-----\n";
  EXPECT_EQ(*PemDecode("K", ok), "ABC");
  EXPECT_EQ(code("OTHER", ok), ErrorCode::kParse);  // Another label.
  EXPECT_EQ(code("K", "-----BEGIN K-----\nQUJD\n"), ErrorCode::kParse);
  EXPECT_EQ(code("K", "-----BEGIN K-----\nQUJ\n-----END K-----"),
            ErrorCode::kParse);  // Not a multiple of four.
  EXPECT_EQ(code("K", "-----BEGIN K-----\nQU*D\n-----END K-----"),
            ErrorCode::kParse);  // Not base64.
  EXPECT_EQ(code("K", "-----BEGIN K-----\nQR==\n-----END K-----"),
            ErrorCode::kParse);  // Stray bits after the last byte.
  EXPECT_EQ(code("K", "-----BEGIN K-----\nQQ==QUJD\n-----END K-----"),
            ErrorCode::kParse);  // Padding before the end.
}

}  // namespace
}  // namespace surveyor::common
