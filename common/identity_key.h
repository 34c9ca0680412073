// An agent's identity key: an Ed25519 key pair made at its first enrollment
// (OpenSSL EVP), kept by the agent, whose public half the server binds to
// the host record. Re-enrolling proves possession by signing
// EnrollProofMessage; so the enrollment secret alone, which every machine
// of a tenant holds, cannot take over another host. Stateless and
// thread-safe.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "common/error.h"

namespace surveyor::common {

struct IdentityKey {
  std::string private_pem;  // PKCS#8 PEM, for the agent's state directory.
  std::string public_raw;   // The 32 raw bytes that travel to the server.
};

// A fresh key pair from OpenSSL's CSPRNG.
std::expected<IdentityKey, Error> NewIdentityKey();

// The key pair stored as `private_pem`; kParse names what is wrong.
std::expected<IdentityKey, Error> LoadIdentityKey(std::string_view private_pem);

// The 64-byte Ed25519 signature of `message`.
std::expected<std::string, Error> SignWithIdentityKey(const IdentityKey& key,
                                                      std::string_view message);

// Whether `signature` is `public_raw`'s signature of `message`. False for a
// malformed key or signature.
bool VerifyIdentitySignature(std::string_view public_raw,
                             std::string_view message,
                             std::string_view signature);

// `public_raw` as a SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----"),
// what `openssl pkeyutl -verify -pubin -inkey` reads.
std::expected<std::string, Error> PublicKeyPem(std::string_view public_raw);
// The 32 raw bytes of an Ed25519 public key PEM; kParse otherwise.
std::expected<std::string, Error> PublicKeyFromPem(std::string_view pem);

// What an enrollment proof signs: a fixed context string, the machine id,
// the public key and the proof time, length-prefixed so no two inputs make
// the same message.
std::string EnrollProofMessage(std::string_view machine_id,
                               std::string_view public_raw,
                               std::int64_t proof_time_ms);

}  // namespace surveyor::common
