#include "common/hash.h"

#include <gtest/gtest.h>

#include "common/random.h"
#include "common/uuid.h"

namespace surveyor::common {
namespace {

// The vectors are FIPS 180-2's (SHA-1, SHA-256), RFC 4231's (HMAC), RFC
// 4648 §10's (base64) and RFC 9562 A.4's (the UUIDv5 of www.example.com);
// the same tests run on the OpenSSL and the CNG build.
TEST(HashTest, Sha256OfKnownVectors) {
  EXPECT_EQ(HexEncode(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HexEncode(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HashTest, Sha1OfKnownVectors) {
  EXPECT_EQ(HexEncode(Sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(HexEncode(Sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

TEST(HashTest, StreamMatchesOneShotAcrossPieces) {
  Sha256Stream stream;
  stream.Update("a");
  stream.Update("");
  stream.Update("bc");
  EXPECT_EQ(stream.Final(), Sha256("abc"));
}

TEST(HashTest, HmacSha256OfRfc4231Vectors) {
  // Test case 2.
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 6: a key longer than the block size.
  EXPECT_EQ(HexEncode(HmacSha256(
                std::string(131, '\xaa'),
                "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HashTest, HexEncodeAllByteValues) {
  EXPECT_EQ(HexEncode(std::string("\x00\x7f\x80\xff", 4)), "007f80ff");
}

TEST(RandomTest, Base64OfRfc4648Vectors) {
  const char* const expected[] = {"",         "Zg==",     "Zm8=",    "Zm9v",
                                  "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
  const std::string foobar = "foobar";
  for (std::size_t n = 0; n <= foobar.size(); ++n) {
    EXPECT_EQ(Base64(foobar.substr(0, n)), expected[n]) << n;
  }
  EXPECT_EQ(Base64(std::string("\xfb\xff\xbf", 3)), "+/+/");
  EXPECT_EQ(Base64Url(std::string("\xfb\xff\xbf\xfe", 4)), "-_-__g");
}

TEST(RandomTest, SecretsAreFreshAndCompareInFull) {
  const std::string a = NewSecret("snk_");
  const std::string b = NewSecret("snk_");
  EXPECT_EQ(a.size(), 4u + 43u);  // 32 bytes in unpadded base64url.
  EXPECT_EQ(a.substr(0, 4), "snk_");
  EXPECT_NE(a, b);
  EXPECT_TRUE(ConstantTimeEquals(a, a));
  EXPECT_FALSE(ConstantTimeEquals(a, b));
  std::string last_differs = a;
  last_differs.back() = last_differs.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(ConstantTimeEquals(a, last_differs));
  EXPECT_FALSE(ConstantTimeEquals(a, a.substr(1)));
}

TEST(UuidTest, Version5OfTheDnsNamespace) {
  EXPECT_EQ(UuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com"),
            "2ed6657d-e927-568b-95e1-2665a8aea6a2");
  EXPECT_EQ(UuidV5("not-a-uuid", "x"), "");
}

}  // namespace
}  // namespace surveyor::common
