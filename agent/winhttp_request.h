// One HTTPS request (agent/https_request.h) on WinHTTP, the Windows agent's
// transport, behaving as the Linux one on libcurl does.
//
// Certificates: with no CA file, WinHTTP verifies against the system's
// store. With a CA file, WinHTTP is told to accept an unknown root only, and
// this code checks the server's chain, built with the configured CA as the
// only extra certificate: its root must be that CA, byte for byte. A pinned
// public key is checked at the same points. Host names are always checked by
// WinHTTP. The checks run
//   1. on a probe: a HEAD without headers or body on the connection the
//      request will use, so no token or body goes to a refused server;
//   2. when the request is about to be written (the SENDING_REQUEST
//      callback; closing the handle there cancels it on Windows, not under
//      Wine);
//   3. on the reply's connection, whose answer is dropped if refused.
// What is left: an attacker on the path who lets the probe through to the
// real server, then breaks that connection so WinHTTP opens another for the
// request, receives it under Wine (3 still refuses the reply). A certificate
// from a CA in the machine's store (or the CA deployed to it by policy)
// needs none of this.
#pragma once

#include <expected>

#include "agent/https_request.h"
#include "common/error.h"

namespace surveyor::agent {

// One WinHTTP session, reused across requests for keep-alive. One request
// at a time.
class WinHttpClient final : public HttpsClient {
 public:
  WinHttpClient() = default;
  ~WinHttpClient() override;
  WinHttpClient(const WinHttpClient&) = delete;
  WinHttpClient& operator=(const WinHttpClient&) = delete;

  // kIo for connection and TLS failures (naming the URL and the reason; a
  // refused certificate says so), kResourceExhausted on a timeout or a
  // reply over kMaxReplyBody, kInvalidArgument for a bad URL or CA file;
  // kIo ("aborted") when the abort flag is set.
  std::expected<HttpsReply, common::Error> Perform(
      const HttpsRequest& request) override;

 private:
  void* session_ = nullptr;  // HINTERNET
  std::string session_proxy_;
};

}  // namespace surveyor::agent
