#include "common/hash.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>

namespace surveyor::common {

std::string Sha256(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // EVP_Digest only fails on allocation failure or a broken OpenSSL: a crash
  // is the right answer to either.
  if (EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(),
                 nullptr) != 1) {
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(digest), len);
}

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

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xf]);
  }
  return out;
}

}  // namespace surveyor::common
