// SHA-256, SHA-1 and HMAC-SHA-256 from Windows' CNG (bcrypt.dll). The
// algorithm providers are opened once per process and shared: CNG's handles
// are thread-safe for creating hash objects.
#include <windows.h>
// windows.h first: bcrypt.h needs its types.
#include <bcrypt.h>

#include <cstdlib>

#include "common/hash.h"

namespace surveyor::common {
namespace {

// A failing CNG call is a broken system or exhausted memory: crash, as the
// OpenSSL build does.
void Check(NTSTATUS status) {
  if (status < 0) std::abort();
}

BCRYPT_ALG_HANDLE OpenProvider(LPCWSTR algorithm, ULONG flags) {
  BCRYPT_ALG_HANDLE handle = nullptr;
  Check(BCryptOpenAlgorithmProvider(&handle, algorithm, nullptr, flags));
  return handle;
}

BCRYPT_ALG_HANDLE Sha256Provider() {
  static BCRYPT_ALG_HANDLE handle = OpenProvider(BCRYPT_SHA256_ALGORITHM, 0);
  return handle;
}

BCRYPT_ALG_HANDLE HmacSha256Provider() {
  static BCRYPT_ALG_HANDLE handle =
      OpenProvider(BCRYPT_SHA256_ALGORITHM, BCRYPT_ALG_HANDLE_HMAC_FLAG);
  return handle;
}

BCRYPT_ALG_HANDLE Sha1Provider() {
  static BCRYPT_ALG_HANDLE handle = OpenProvider(BCRYPT_SHA1_ALGORITHM, 0);
  return handle;
}

BCRYPT_HASH_HANDLE NewHash(BCRYPT_ALG_HANDLE provider, std::string_view key) {
  BCRYPT_HASH_HANDLE hash = nullptr;
  // With a null object buffer CNG allocates the hash object itself.
  Check(
      BCryptCreateHash(provider, &hash, nullptr, 0,
                       reinterpret_cast<PUCHAR>(const_cast<char*>(key.data())),
                       static_cast<ULONG>(key.size()), 0));
  return hash;
}

void HashData(BCRYPT_HASH_HANDLE hash, std::string_view data) {
  // BCryptHashData takes a ULONG length: feed large inputs in pieces.
  constexpr std::size_t kPiece = 1u << 30;
  while (!data.empty()) {
    const std::string_view piece = data.substr(0, kPiece);
    Check(BCryptHashData(
        hash, reinterpret_cast<PUCHAR>(const_cast<char*>(piece.data())),
        static_cast<ULONG>(piece.size()), 0));
    data.remove_prefix(piece.size());
  }
}

std::string FinishAndDestroy(BCRYPT_HASH_HANDLE hash, std::size_t size) {
  std::string digest(size, '\0');
  Check(BCryptFinishHash(hash, reinterpret_cast<PUCHAR>(digest.data()),
                         static_cast<ULONG>(size), 0));
  BCryptDestroyHash(hash);
  return digest;
}

std::string OneShot(BCRYPT_ALG_HANDLE provider, std::string_view key,
                    std::string_view data, std::size_t size) {
  BCRYPT_HASH_HANDLE hash = NewHash(provider, key);
  HashData(hash, data);
  return FinishAndDestroy(hash, size);
}

}  // namespace

std::string Sha256(std::string_view data) {
  return OneShot(Sha256Provider(), {}, data, 32);
}

std::string Sha1(std::string_view data) {
  return OneShot(Sha1Provider(), {}, data, 20);
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  return OneShot(HmacSha256Provider(), key, data, 32);
}

Sha256Stream::Sha256Stream() : ctx_(NewHash(Sha256Provider(), {})) {}

Sha256Stream::~Sha256Stream() {
  if (ctx_ != nullptr) BCryptDestroyHash(static_cast<BCRYPT_HASH_HANDLE>(ctx_));
}

void Sha256Stream::Update(std::string_view data) {
  HashData(static_cast<BCRYPT_HASH_HANDLE>(ctx_), data);
}

std::string Sha256Stream::Final() {
  std::string digest =
      FinishAndDestroy(static_cast<BCRYPT_HASH_HANDLE>(ctx_), 32);
  ctx_ = nullptr;
  return digest;
}

}  // namespace surveyor::common
