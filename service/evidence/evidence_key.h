// The server's evidence signing key: an Ed25519 key pair in a PEM file
// (PKCS#8), made on first use with mode 0600 and never readable by group or
// others. Bundles are signed with it; auditors check them against its public
// half, which `evidence key show` prints.
//
// Errors: kIo naming the file for what cannot be read or written;
// kInvalidArgument when the file is readable by group or others; kParse for
// a file that is not an Ed25519 key.
#pragma once

#include <expected>
#include <string>

#include "common/error.h"
#include "common/identity_key.h"

namespace surveyor::evidence {

// The key at `path`, generated there (and its directory made, 0700) when no
// file exists. Two processes doing this at once end up with the same key.
std::expected<common::IdentityKey, common::Error> LoadOrCreateEvidenceKey(
    const std::string& path);

// "SHA256:<hex>" of the raw public key, to compare over the phone.
std::string KeyFingerprint(const std::string& public_raw);

}  // namespace surveyor::evidence
