// Reaching an RFC 3161 time-stamping authority: the interface the export
// uses, and its libcurl implementation (HTTP POST of
// application/timestamp-query, a reply of application/timestamp-reply).
// Errors: kIo naming the URL and what failed (connection, HTTP status, a
// wrong content type, a reply over 1 MiB).
#pragma once

#include <expected>
#include <memory>
#include <string>

#include "common/error.h"

namespace surveyor::evidence {

class TimestampAuthority {
 public:
  virtual ~TimestampAuthority() = default;
  // The DER TimeStampResp for a DER TimeStampReq.
  virtual std::expected<std::string, common::Error> Stamp(
      const std::string& request) = 0;
  virtual const std::string& url() const = 0;
};

// `ca_file`: for an https:// authority, the CA to verify it with (empty:
// the system's). 30-second timeout.
std::unique_ptr<TimestampAuthority> MakeCurlTimestampAuthority(
    std::string url, std::string ca_file);

}  // namespace surveyor::evidence
