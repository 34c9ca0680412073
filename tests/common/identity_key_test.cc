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
  EXPECT_FALSE(VerifyIdentitySignature(std::string(32, '\0'), msg, sig));
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
