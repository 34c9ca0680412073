// RFC 3161 time-stamps of a bundle's manifest: the request (DER
// TimeStampReq: the SHA-256 of the data, a nonce, the TSA's certificate
// asked for), checking a reply against its request, and reading a token
// back (what it stamps and when). Pure (OpenSSL's TS API, no I/O); the
// authority is reached through TimestampAuthority (tsa_client.h).
//
// Errors: kParse for bytes that are not what they should be; kInvalidArgument
// for a reply that refuses, or stamps something else or another nonce.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "common/error.h"

namespace surveyor::evidence {

// A DER TimeStampReq for `data`; `nonce` (8 bytes) is the caller's.
std::expected<std::string, common::Error> TimestampRequest(
    std::string_view data, std::string_view nonce);

struct TimestampInfo {
  std::int64_t time = 0;  // genTime, seconds since the epoch
  std::string tsa;        // the TSA's name when the token carries one
};

// Checks a DER TimeStampResp: granted, for the request's imprint and nonce.
std::expected<TimestampInfo, common::Error> CheckTimestampReply(
    std::string_view reply, std::string_view request);

// Whether the DER TimeStampResp `reply` stamps `data` (its SHA-256).
std::expected<TimestampInfo, common::Error> ReadTimestampFor(
    std::string_view reply, std::string_view data);

}  // namespace surveyor::evidence
