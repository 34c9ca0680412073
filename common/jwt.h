// JSON Web Tokens signed RS256 (RFC 7515/7519) with OpenSSL, as OAuth 2.0
// service accounts present them (Google's JWT bearer grant). Pure: keys
// and claims in, the compact token out. Thread-safe.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "common/error.h"

namespace surveyor::common {

// base64url(header) "." base64url(claims) "." base64url(signature), the
// header {"alg":"RS256","typ":"JWT"}, signed with the RSA private key in
// `private_key_pem` (PKCS#8 or PKCS#1 PEM). kInvalidArgument when the key
// is no RSA private key.
std::expected<std::string, Error> SignJwtRs256(std::string_view private_key_pem,
                                               std::string_view claims_json);

// Whether `jwt` is signed by the RSA public key in `public_key_pem` (for
// tests and diagnostics).
bool VerifyJwtRs256(std::string_view jwt, std::string_view public_key_pem);

}  // namespace surveyor::common
