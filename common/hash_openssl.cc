// SHA-256, SHA-1 and HMAC-SHA-256 from OpenSSL's libcrypto (Linux).
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>

#include "common/hash.h"

namespace surveyor::common {
namespace {

std::string Digest(const EVP_MD* md, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // EVP_Digest only fails on allocation failure or a broken OpenSSL: a crash
  // is the right answer to either.
  if (EVP_Digest(data.data(), data.size(), digest, &len, md, nullptr) != 1) {
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(digest), len);
}

}  // namespace

std::string Sha256(std::string_view data) { return Digest(EVP_sha256(), data); }

std::string Sha1(std::string_view data) { return Digest(EVP_sha1(), data); }

Sha256Stream::Sha256Stream() : ctx_(EVP_MD_CTX_new()) {
  // Fails only on allocation failure or a broken OpenSSL: crash.
  if (ctx_ == nullptr || EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_),
                                           EVP_sha256(), nullptr) != 1) {
    std::abort();
  }
}

Sha256Stream::~Sha256Stream() {
  EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_));
}

void Sha256Stream::Update(std::string_view data) {
  if (EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data.data(),
                       data.size()) != 1) {
    std::abort();
  }
}

std::string Sha256Stream::Final() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), digest, &len) != 1) {
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(digest), len);
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // Fails only on allocation failure or a broken OpenSSL, as above.
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(),
           mac, &len) == nullptr) {
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(mac), len);
}

}  // namespace surveyor::common
