// PEM (RFC 7468): DER bytes in base64 between "-----BEGIN LABEL-----" and
// "-----END LABEL-----" lines. The Windows identity key's storage
// (identity_key_gcrypt.cc); pure, no I/O.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "common/error.h"

namespace surveyor::common {

// `der` under `label` ("PRIVATE KEY"), in lines of 64 characters.
std::string PemEncode(std::string_view label, std::string_view der);

// The DER bytes of the first `label` block in `pem`: kParse when there is
// none, or its base64 is malformed. Whitespace inside is ignored.
std::expected<std::string, Error> PemDecode(std::string_view label,
                                            std::string_view pem);

}  // namespace surveyor::common
