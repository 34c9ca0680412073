#include "common/jwt.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <vector>

#include "common/random.h"

namespace surveyor::common {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

std::unique_ptr<EVP_PKEY, KeyFree> ReadKey(std::string_view pem, bool priv) {
  std::unique_ptr<BIO, BioFree> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return nullptr;
  EVP_PKEY* key =
      priv ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
           : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
  if (key != nullptr && EVP_PKEY_base_id(key) != EVP_PKEY_RSA) {
    EVP_PKEY_free(key);
    return nullptr;
  }
  return std::unique_ptr<EVP_PKEY, KeyFree>(key);
}

std::string Base64UrlDecode(std::string_view in) {
  std::string b64(in);
  for (char& c : b64) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (b64.size() % 4 != 0) b64.push_back('=');
  std::string out(b64.size() / 4 * 3, '\0');
  const int n =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(b64.data()),
                      static_cast<int>(b64.size()));
  if (n < 0) return "";
  std::size_t pad = 0;
  while (pad < 2 && !b64.empty() && b64[b64.size() - 1 - pad] == '=') ++pad;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

}  // namespace

std::expected<std::string, Error> SignJwtRs256(std::string_view private_key_pem,
                                               std::string_view claims_json) {
  auto key = ReadKey(private_key_pem, /*priv=*/true);
  if (!key) {
    return Fail(ErrorCode::kInvalidArgument,
                "the private key is no RSA private key in PEM");
  }
  const std::string input = Base64Url(R"({"alg":"RS256","typ":"JWT"})") + "." +
                            Base64Url(claims_json);
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  std::size_t len = 0;
  if (!ctx ||
      EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr,
                         key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len,
                     reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) != 1) {
    return Fail(ErrorCode::kInternal, "RS256 signing failed");
  }
  std::vector<unsigned char> sig(len);
  if (EVP_DigestSign(ctx.get(), sig.data(), &len,
                     reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) != 1) {
    return Fail(ErrorCode::kInternal, "RS256 signing failed");
  }
  return input + "." +
         Base64Url(std::string_view(reinterpret_cast<char*>(sig.data()), len));
}

bool VerifyJwtRs256(std::string_view jwt, std::string_view public_key_pem) {
  const auto dot = jwt.rfind('.');
  if (dot == std::string_view::npos) return false;
  auto key = ReadKey(public_key_pem, /*priv=*/false);
  if (!key) return false;
  const std::string sig = Base64UrlDecode(jwt.substr(dot + 1));
  const std::string_view input = jwt.substr(0, dot);
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  return ctx &&
         EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr,
                              key.get()) == 1 &&
         EVP_DigestVerify(
             ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()),
             sig.size(), reinterpret_cast<const unsigned char*>(input.data()),
             input.size()) == 1;
}

}  // namespace surveyor::common
