// RS256 JWTs: signed with a real RSA key, verified with its public half;
// tampering and foreign keys are caught; keys that are no RSA key refused.
#include "common/jwt.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

#include "common/random.h"

namespace surveyor::common {
namespace {

struct Pem {
  std::string private_key, public_key;
};

Pem NewRsaKey() {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  EXPECT_NE(key, nullptr);
  auto write = [&](bool priv) {
    BIO* bio = BIO_new(BIO_s_mem());
    if (priv) {
      PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    } else {
      PEM_write_bio_PUBKEY(bio, key);
    }
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(n));
    BIO_free(bio);
    return out;
  };
  Pem pem{write(true), write(false)};
  EVP_PKEY_free(key);
  return pem;
}

TEST(JwtTest, SignedTokensVerifyAndTamperingIsCaught) {
  const Pem key = NewRsaKey();
  const std::string claims =
      R"({"iss":"sa@project.iam.gserviceaccount.com","aud":"https://oauth2.googleapis.com/token","iat":1800000000,"exp":1800003600})";
  auto jwt = SignJwtRs256(key.private_key, claims);
  ASSERT_TRUE(jwt) << jwt.error().message;
  // header.claims.signature, each base64url without padding.
  const auto first = jwt->find('.');
  const auto last = jwt->rfind('.');
  EXPECT_EQ(jwt->substr(0, first), Base64Url(R"({"alg":"RS256","typ":"JWT"})"));
  EXPECT_EQ(jwt->substr(first + 1, last - first - 1), Base64Url(claims));
  EXPECT_EQ(jwt->find_first_of("+/="), std::string::npos);
  EXPECT_EQ(jwt->size() - last - 1, 342u);  // 256 bytes of signature
  EXPECT_TRUE(VerifyJwtRs256(*jwt, key.public_key));

  std::string tampered = *jwt;
  tampered[first + 5] = tampered[first + 5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyJwtRs256(tampered, key.public_key));
  EXPECT_FALSE(VerifyJwtRs256(*jwt, NewRsaKey().public_key));

  EXPECT_EQ(SignJwtRs256("-----BEGIN PRIVATE KEY-----\nnot a key\n", claims)
                .error()
                .code,
            ErrorCode::kInvalidArgument);
  EVP_PKEY* ec = EVP_EC_gen("P-256");
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, ec, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  const std::string ec_pem(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  EVP_PKEY_free(ec);
  EXPECT_FALSE(SignJwtRs256(ec_pem, claims));  // no RSA key
}

}  // namespace
}  // namespace surveyor::common
