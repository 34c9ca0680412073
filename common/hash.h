// Content hashing. Stateless and thread-safe. The digests come from the
// platform's library: OpenSSL's libcrypto (hash_openssl.cc) or Windows' CNG
// (hash_cng.cc); the rest is portable (hash.cc).
#pragma once

#include <string>
#include <string_view>

namespace surveyor::common {

// The 32-byte SHA-256 digest of `data`, as raw bytes.
std::string Sha256(std::string_view data);

// The 20-byte SHA-1 digest (for name-based UUIDs only), as raw bytes.
std::string Sha1(std::string_view data);

// SHA-256 of data fed in pieces (files too large to hold).
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void Update(std::string_view data);
  // The 32-byte digest; the stream is spent afterwards.
  std::string Final();

 private:
  void* ctx_;  // EVP_MD_CTX, or a CNG hash handle
};

// The 32-byte HMAC-SHA-256 of `data` under `key`, as raw bytes.
std::string HmacSha256(std::string_view key, std::string_view data);

// The value of one hex digit (either case), or -1.
int HexDigitValue(char c);

// Lowercase hex of arbitrary bytes, e.g. for printing a digest.
std::string HexEncode(std::string_view bytes);

}  // namespace surveyor::common
