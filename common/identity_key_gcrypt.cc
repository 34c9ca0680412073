// The identity key on libgcrypt (Windows: CNG has no Ed25519). Debian's
// libgcrypt-mingw-w64-dev, linked as its DLL (LGPL), which ships beside the
// agent. Keys are stored as OpenSSL stores them, PKCS#8 with the RFC 8410
// encodings, so a state directory reads the same on either build; the seed
// comes from the system's CSPRNG (random_cng.cc).
#include <gcrypt.h>

#include "common/identity_key.h"
#include "common/pem.h"
#include "common/random.h"

namespace surveyor::common {
namespace {

constexpr std::size_t kSeedBytes = 32;
constexpr std::size_t kPublicBytes = 32;
constexpr std::size_t kSignatureBytes = 64;
// RFC 8410: PrivateKeyInfo { v1, id-Ed25519, OCTET STRING { seed } } and
// SubjectPublicKeyInfo { id-Ed25519, BIT STRING { key } }, before the bytes.
constexpr std::string_view kPrivatePrefix(
    "\x30\x2e\x02\x01\x00\x30\x05\x06\x03\x2b\x65\x70\x04\x22\x04\x20", 16);
constexpr std::string_view kPublicPrefix(
    "\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00", 12);

bool Ready() {
  static const bool ok = [] {
    if (gcry_check_version(GCRYPT_VERSION) == nullptr) return false;
    gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
    return true;
  }();
  return ok;
}

struct Sexp {
  gcry_sexp_t s = nullptr;
  ~Sexp() { gcry_sexp_release(s); }
};

// The S-expression of the private key with seed `seed`.
bool PrivateKey(std::string_view seed, Sexp& out) {
  return gcry_sexp_build(&out.s, nullptr,
                         "(private-key(ecc(curve Ed25519)(flags eddsa)(d %b)))",
                         static_cast<int>(seed.size()), seed.data()) == 0;
}

std::expected<IdentityKey, Error> FromSeed(std::string_view seed) {
  if (!Ready()) return Fail(ErrorCode::kInternal, "libgcrypt did not start");
  Sexp key;
  gcry_ctx_t ctx = nullptr;
  if (!PrivateKey(seed, key) || gcry_mpi_ec_new(&ctx, key.s, nullptr) != 0) {
    return Fail(ErrorCode::kInternal, "cannot load the identity key");
  }
  // The public key, derived from the seed, in EdDSA's encoding.
  gcry_mpi_t q = gcry_mpi_ec_get_mpi("q@eddsa", ctx, 1);
  gcry_ctx_release(ctx);
  unsigned int bits = 0;
  const void* bytes = q ? gcry_mpi_get_opaque(q, &bits) : nullptr;
  IdentityKey out;
  if (bytes != nullptr && bits == kPublicBytes * 8) {
    out.public_raw.assign(static_cast<const char*>(bytes), kPublicBytes);
  }
  gcry_mpi_release(q);
  if (out.public_raw.empty()) {
    return Fail(ErrorCode::kInternal, "cannot derive the identity public key");
  }
  out.private_pem =
      PemEncode("PRIVATE KEY", std::string(kPrivatePrefix) + std::string(seed));
  return out;
}

// The 32 bytes of `sig`'s `token` ("r" or "s"), left-padded.
std::string SignaturePart(gcry_sexp_t sig, const char* token) {
  gcry_sexp_t part = gcry_sexp_find_token(sig, token, 0);
  std::size_t n = 0;
  const char* data = part ? gcry_sexp_nth_data(part, 1, &n) : nullptr;
  std::string out;
  if (data != nullptr && n <= 32) {
    out.assign(32 - n, '\0');
    out.append(data, n);
  }
  gcry_sexp_release(part);
  return out;
}

// libgcrypt 1.10.1 aborts the process ("mulm_25519: different sizes") on a
// public key whose y coordinate has its top 64 bits clear: the all-zero and
// the small-order keys among them. No key made from a random seed is one
// (odds 2^-63), so they are refused before it sees them.
bool GcryptCanTake(std::string_view public_raw) {
  for (std::size_t i = 24; i < 32; ++i) {
    const unsigned char c = static_cast<unsigned char>(public_raw[i]);
    if ((i == 31 ? c & 0x7f : c) != 0) return true;
  }
  return false;
}

}  // namespace

std::expected<std::string, Error> PublicKeyPem(std::string_view public_raw) {
  if (public_raw.size() != kPublicBytes) {
    return Fail(ErrorCode::kParse, "not an Ed25519 public key");
  }
  return PemEncode("PUBLIC KEY",
                   std::string(kPublicPrefix) + std::string(public_raw));
}

std::expected<std::string, Error> PublicKeyFromPem(std::string_view pem) {
  auto der = PemDecode("PUBLIC KEY", pem);
  if (!der || der->size() != kPublicPrefix.size() + kPublicBytes ||
      !der->starts_with(kPublicPrefix)) {
    return Fail(ErrorCode::kParse, "not a PEM Ed25519 public key");
  }
  return der->substr(kPublicPrefix.size());
}

std::expected<IdentityKey, Error> NewIdentityKey() {
  std::string seed(kSeedBytes, '\0');
  FillRandom(seed.data(), seed.size());
  return FromSeed(seed);
}

std::expected<IdentityKey, Error> LoadIdentityKey(
    std::string_view private_pem) {
  auto der = PemDecode("PRIVATE KEY", private_pem);
  if (!der || der->size() != kPrivatePrefix.size() + kSeedBytes ||
      !der->starts_with(kPrivatePrefix)) {
    return Fail(ErrorCode::kParse,
                "not a PEM private key (PKCS#8 Ed25519 expected)");
  }
  return FromSeed(std::string_view(*der).substr(kPrivatePrefix.size()));
}

std::expected<std::string, Error> SignWithIdentityKey(
    const IdentityKey& key, std::string_view message) {
  auto der = PemDecode("PRIVATE KEY", key.private_pem);
  Sexp sk, data, sig;
  if (!Ready() || !der || der->size() != kPrivatePrefix.size() + kSeedBytes ||
      !PrivateKey(std::string_view(*der).substr(kPrivatePrefix.size()), sk) ||
      gcry_sexp_build(&data.s, nullptr,
                      "(data(flags eddsa)(hash-algo sha512)(value %b))",
                      static_cast<int>(message.size()), message.data()) != 0 ||
      gcry_pk_sign(&sig.s, data.s, sk.s) != 0) {
    return Fail(ErrorCode::kInternal, "cannot sign with the identity key");
  }
  std::string out = SignaturePart(sig.s, "r") + SignaturePart(sig.s, "s");
  if (out.size() != kSignatureBytes) {
    return Fail(ErrorCode::kInternal, "malformed signature from libgcrypt");
  }
  return out;
}

bool VerifyIdentitySignature(std::string_view public_raw,
                             std::string_view message,
                             std::string_view signature) {
  if (!Ready() || public_raw.size() != kPublicBytes ||
      signature.size() != kSignatureBytes || !GcryptCanTake(public_raw)) {
    return false;
  }
  Sexp pk, sig, data;
  return gcry_sexp_build(&pk.s, nullptr,
                         "(public-key(ecc(curve Ed25519)(flags eddsa)(q %b)))",
                         static_cast<int>(kPublicBytes),
                         public_raw.data()) == 0 &&
         gcry_sexp_build(&sig.s, nullptr, "(sig-val(eddsa(r %b)(s %b)))", 32,
                         signature.data(), 32, signature.data() + 32) == 0 &&
         gcry_sexp_build(&data.s, nullptr,
                         "(data(flags eddsa)(hash-algo sha512)(value %b))",
                         static_cast<int>(message.size()),
                         message.data()) == 0 &&
         gcry_pk_verify(sig.s, data.s, pk.s) == 0;
}

}  // namespace surveyor::common
