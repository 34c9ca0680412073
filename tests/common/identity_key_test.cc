#include "common/identity_key.h"

#include <gtest/gtest.h>

namespace surveyor::common {
namespace {

TEST(IdentityKeyTest, SignsAndVerifiesAndSurvivesItsPemForm) {
  auto key = NewIdentityKey();
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->public_raw.size(), 32u);
  EXPECT_NE(key->private_pem.find("BEGIN PRIVATE KEY"), std::string::npos);
  auto loaded = LoadIdentityKey(key->private_pem);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->public_raw, key->public_raw);
  const std::string msg = EnrollProofMessage("m1", key->public_raw, 42);
  auto sig = SignWithIdentityKey(*loaded, msg);
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->size(), 64u);
  EXPECT_TRUE(VerifyIdentitySignature(key->public_raw, msg, *sig));
}

// RFC 8032 section 7.1, test 1: its secret key as `openssl pkey` writes it
// (PKCS#8, RFC 8410), its public key and its signature of the empty
// message. Both builds (OpenSSL on Linux, libgcrypt on Windows) must agree
// with the RFC, so a state directory and the server read either's keys.
TEST(IdentityKeyTest, Rfc8032TestVectorOne) {
  const std::string pem =
      "-----BEGIN PRIVATE KEY-----\n"
      "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
      "-----END PRIVATE KEY-----\n";
  auto key = LoadIdentityKey(pem);
  ASSERT_TRUE(key) << key.error().message;
  auto hex = [](std::string_view bytes) {
    std::string out;
    for (unsigned char c : bytes) {
      out += "0123456789abcdef"[c >> 4];
      out += "0123456789abcdef"[c & 15];
    }
    return out;
  };
  EXPECT_EQ(hex(key->public_raw),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  auto sig = SignWithIdentityKey(*key, "");
  ASSERT_TRUE(sig);
  EXPECT_EQ(hex(*sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(VerifyIdentitySignature(key->public_raw, "", *sig));
  // The public half as `openssl pkey -pubout` writes it, both ways.
  const std::string public_pem =
      "-----BEGIN PUBLIC KEY-----\n"
      "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
      "-----END PUBLIC KEY-----\n";
  EXPECT_EQ(*PublicKeyPem(key->public_raw), public_pem);
  EXPECT_EQ(*PublicKeyFromPem(public_pem), key->public_raw);
}

TEST(IdentityKeyTest, AnythingElseDoesNotVerify) {
  auto key = *NewIdentityKey();
  auto other = *NewIdentityKey();
  const std::string msg = EnrollProofMessage("m1", key.public_raw, 42);
  const std::string sig = *SignWithIdentityKey(key, msg);
  EXPECT_FALSE(VerifyIdentitySignature(other.public_raw, msg, sig));
  EXPECT_FALSE(VerifyIdentitySignature(
      key.public_raw, EnrollProofMessage("m2", key.public_raw, 42), sig));
  EXPECT_FALSE(VerifyIdentitySignature(
      key.public_raw, EnrollProofMessage("m1", key.public_raw, 43), sig));
  std::string flipped = sig;
  flipped[5] ^= 1;
  EXPECT_FALSE(VerifyIdentitySignature(key.public_raw, msg, flipped));
  EXPECT_FALSE(VerifyIdentitySignature(key.public_raw, msg, ""));
  EXPECT_FALSE(VerifyIdentitySignature("short", msg, sig));
  // Small-order keys (libgcrypt 1.10.1 would abort on these).
  EXPECT_FALSE(VerifyIdentitySignature(std::string(32, '\0'), msg, sig));
  EXPECT_FALSE(VerifyIdentitySignature(
      std::string("\x01") + std::string(31, '\0'), msg, sig));
}

TEST(IdentityKeyTest, ProofMessagesCannotBeShiftedIntoEachOther) {
  // Without length prefixes "ab"+"c" and "a"+"bc" would sign alike.
  EXPECT_NE(EnrollProofMessage("ab", "c", 1), EnrollProofMessage("a", "bc", 1));
  EXPECT_NE(EnrollProofMessage("m", "k", 12), EnrollProofMessage("m", "k1", 2));
}

TEST(IdentityKeyTest, MalformedPemIsAParseError) {
  EXPECT_EQ(LoadIdentityKey("").error().code, ErrorCode::kParse);
  EXPECT_EQ(LoadIdentityKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END "
                            "PRIVATE KEY-----\n")
                .error()
                .code,
            ErrorCode::kParse);
}

}  // namespace
}  // namespace surveyor::common
