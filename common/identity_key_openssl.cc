// The identity key on OpenSSL (Linux).
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

#include "common/identity_key.h"

namespace surveyor::common {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

constexpr std::size_t kPublicBytes = 32;
constexpr std::size_t kSignatureBytes = 64;

std::expected<IdentityKey, Error> FromPkey(const Pkey& pkey) {
  if (EVP_PKEY_id(pkey.get()) != EVP_PKEY_ED25519) {
    return Fail(ErrorCode::kParse, "identity key is not an Ed25519 key");
  }
  IdentityKey out;
  std::size_t len = kPublicBytes;
  out.public_raw.resize(len);
  if (EVP_PKEY_get_raw_public_key(
          pkey.get(), reinterpret_cast<unsigned char*>(out.public_raw.data()),
          &len) != 1 ||
      len != kPublicBytes) {
    return Fail(ErrorCode::kInternal, "cannot read the identity public key");
  }
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), pkey.get(), nullptr, nullptr,
                                       0, nullptr, nullptr) != 1) {
    return Fail(ErrorCode::kInternal, "cannot encode the identity key");
  }
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  out.private_pem.assign(data, static_cast<std::size_t>(n));
  return out;
}

}  // namespace

std::expected<std::string, Error> PublicKeyPem(std::string_view public_raw) {
  Pkey pkey(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr,
      reinterpret_cast<const unsigned char*>(public_raw.data()),
      public_raw.size()));
  if (!pkey) return Fail(ErrorCode::kParse, "not an Ed25519 public key");
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), pkey.get()) != 1) {
    return Fail(ErrorCode::kInternal, "cannot encode the public key");
  }
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

std::expected<std::string, Error> PublicKeyFromPem(std::string_view pem) {
  std::unique_ptr<BIO, BioFree> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Fail(ErrorCode::kInternal, "out of memory");
  Pkey pkey(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!pkey || EVP_PKEY_id(pkey.get()) != EVP_PKEY_ED25519) {
    return Fail(ErrorCode::kParse, "not a PEM Ed25519 public key");
  }
  std::string raw(kPublicBytes, '\0');
  std::size_t len = kPublicBytes;
  if (EVP_PKEY_get_raw_public_key(pkey.get(),
                                  reinterpret_cast<unsigned char*>(raw.data()),
                                  &len) != 1 ||
      len != kPublicBytes) {
    return Fail(ErrorCode::kParse, "not a PEM Ed25519 public key");
  }
  return raw;
}

std::expected<IdentityKey, Error> NewIdentityKey() {
  Pkey pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!pkey) return Fail(ErrorCode::kInternal, "cannot make an Ed25519 key");
  return FromPkey(pkey);
}

std::expected<IdentityKey, Error> LoadIdentityKey(
    std::string_view private_pem) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(
      private_pem.data(), static_cast<int>(private_pem.size())));
  if (!bio) return Fail(ErrorCode::kInternal, "out of memory");
  Pkey pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!pkey) {
    return Fail(ErrorCode::kParse,
                "not a PEM private key (PKCS#8 Ed25519 expected)");
  }
  return FromPkey(pkey);
}

std::expected<std::string, Error> SignWithIdentityKey(
    const IdentityKey& key, std::string_view message) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(
      key.private_pem.data(), static_cast<int>(key.private_pem.size())));
  Pkey pkey(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                : nullptr);
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  std::string sig(kSignatureBytes, '\0');
  std::size_t len = sig.size();
  if (!pkey || !ctx ||
      EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) !=
          1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()),
                     &len,
                     reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1) {
    return Fail(ErrorCode::kInternal, "cannot sign with the identity key");
  }
  sig.resize(len);
  return sig;
}

bool VerifyIdentitySignature(std::string_view public_raw,
                             std::string_view message,
                             std::string_view signature) {
  if (public_raw.size() != kPublicBytes ||
      signature.size() != kSignatureBytes) {
    return false;
  }
  Pkey pkey(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr,
      reinterpret_cast<const unsigned char*>(public_raw.data()),
      public_raw.size()));
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!pkey || !ctx ||
      EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) !=
          1) {
    return false;
  }
  return EVP_DigestVerify(
             ctx.get(),
             reinterpret_cast<const unsigned char*>(signature.data()),
             signature.size(),
             reinterpret_cast<const unsigned char*>(message.data()),
             message.size()) == 1;
}

}  // namespace surveyor::common
