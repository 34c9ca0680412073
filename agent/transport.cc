#include "agent/transport.h"

#include "agent/https_request.h"

namespace surveyor::agent {

HttpsTransport::HttpsTransport(v1::ServerConnection connection,
                               const std::atomic<bool>* abort)
    : connection_(std::move(connection)),
      abort_(abort),
      client_(NewHttpsClient()) {}

HttpsTransport::~HttpsTransport() = default;

std::expected<HttpResult, common::Error> HttpsTransport::Post(
    const std::string& path, const std::string& body, const std::string& bearer,
    const std::string& content_encoding) {
  HttpsRequest r;
  r.method = "POST";
  r.url = connection_.url();
  while (!r.url.empty() && r.url.back() == '/') r.url.pop_back();
  r.url += path;
  r.headers = {"Content-Type: application/x-protobuf",
               "Accept: application/x-protobuf"};
  if (!content_encoding.empty()) {
    r.headers.push_back("Content-Encoding: " + content_encoding);
  }
  if (!bearer.empty()) r.headers.push_back("Authorization: Bearer " + bearer);
  r.body = body;
  r.ca_file = connection_.ca_file();
  r.pinned_public_key = connection_.pinned_public_key();
  r.https_proxy = connection_.https_proxy();
  if (connection_.connect_timeout_seconds()) {
    r.connect_timeout_seconds = connection_.connect_timeout_seconds();
  }
  if (connection_.request_timeout_seconds()) {
    r.total_timeout_seconds = connection_.request_timeout_seconds();
  }
  r.abort = abort_;
  auto reply = client_->Perform(r);
  if (!reply) return std::unexpected(reply.error());
  return HttpResult{reply->status, std::move(reply->body), reply->retry_after};
}

}  // namespace surveyor::agent
