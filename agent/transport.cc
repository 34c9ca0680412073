#include "agent/transport.h"

#include <strings.h>

#include <cstring>
#include <ctime>

#include "agent/curl_library.h"

namespace surveyor::agent {
namespace {

using common::ErrorCode;
using common::Fail;

struct Capture {
  const CurlApi* curl = nullptr;
  std::string body;
  std::optional<std::chrono::seconds> retry_after;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* c = static_cast<Capture*>(user);
  if (c->body.size() + size * n > (16u << 20))
    return 0;  // Refuse huge replies.
  c->body.append(data, size * n);
  return size * n;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* c = static_cast<Capture*>(user);
  std::string_view line(data, size * n);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size() &&
      ::strncasecmp(line.data(), kName.data(), kName.size()) == 0) {
    std::string value(line.substr(kName.size()));
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' ||
                              value.back() == ' ')) {
      value.pop_back();
    }
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    char* end = nullptr;
    long secs = std::strtol(value.c_str(), &end, 10);
    if (end != value.c_str() && *end == '\0' && secs >= 0) {
      c->retry_after = std::chrono::seconds(secs);
    } else {
      std::time_t when = c->curl->getdate(value.c_str(), nullptr);
      if (when > 0) {
        long delta = static_cast<long>(when - std::time(nullptr));
        c->retry_after = std::chrono::seconds(delta > 0 ? delta : 0);
      }
    }
  }
  return size * n;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* abort = static_cast<const std::atomic<bool>*>(user);
  return abort != nullptr && abort->load() ? 1 : 0;
}

}  // namespace

CurlTransport::CurlTransport(v1::ServerConnection connection,
                             const std::atomic<bool>* abort)
    : connection_(std::move(connection)), abort_(abort) {}

CurlTransport::~CurlTransport() {
  if (curl_ != nullptr) api_->easy_cleanup(static_cast<CURL*>(curl_));
}

std::expected<HttpResult, common::Error> CurlTransport::Post(
    const std::string& path, const std::string& body, const std::string& bearer,
    const std::string& content_encoding) {
  if (api_ == nullptr) {
    auto api = LoadCurl();
    if (!api) return std::unexpected(api.error());
    api_ = *api;
  }
  if (curl_ == nullptr) curl_ = api_->easy_init();
  CURL* curl = static_cast<CURL*>(curl_);
  if (curl == nullptr)
    return Fail(ErrorCode::kInternal, "curl_easy_init failed");
  api_->easy_reset(curl);
  std::string url = connection_.url();
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += path;
  Capture capture;
  capture.curl = api_;
  curl_slist* headers = nullptr;
  headers = api_->slist_append(headers, "Content-Type: application/x-protobuf");
  headers = api_->slist_append(headers, "Accept: application/x-protobuf");
  std::string encoding;
  if (!content_encoding.empty()) {
    encoding = "Content-Encoding: " + content_encoding;
    headers = api_->slist_append(headers, encoding.c_str());
  }
  std::string auth;
  if (!bearer.empty()) {
    auth = "Authorization: Bearer " + bearer;
    headers = api_->slist_append(headers, auth.c_str());
  }
  long connect_timeout = connection_.connect_timeout_seconds()
                             ? connection_.connect_timeout_seconds()
                             : 10;
  long total_timeout = connection_.request_timeout_seconds()
                           ? connection_.request_timeout_seconds()
                           : 60;
  CURLcode rc = CURLE_OK;
  auto set = [&](CURLoption opt, auto value) {
    if (rc == CURLE_OK) rc = api_->easy_setopt(curl, opt, value);
  };
  set(CURLOPT_URL, url.c_str());
  set(CURLOPT_POST, 1L);
  set(CURLOPT_POSTFIELDS, body.data());
  set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  set(CURLOPT_HTTPHEADER, headers);
  set(CURLOPT_WRITEFUNCTION, &OnBody);
  set(CURLOPT_WRITEDATA, &capture);
  set(CURLOPT_HEADERFUNCTION, &OnHeader);
  set(CURLOPT_HEADERDATA, &capture);
  set(CURLOPT_NOPROGRESS, 0L);
  set(CURLOPT_XFERINFOFUNCTION, &OnProgress);
  set(CURLOPT_XFERINFODATA, abort_);
  set(CURLOPT_CONNECTTIMEOUT, connect_timeout);
  set(CURLOPT_TIMEOUT, total_timeout);
  set(CURLOPT_NOSIGNAL, 1L);
  set(CURLOPT_SSL_VERIFYPEER, 1L);
  set(CURLOPT_SSL_VERIFYHOST, 2L);
  set(CURLOPT_PROTOCOLS_STR, "https,http");
  set(CURLOPT_USERAGENT, "surveyor-agent/" SURVEYOR_VERSION);
  if (!connection_.ca_file().empty())
    set(CURLOPT_CAINFO, connection_.ca_file().c_str());
  if (!connection_.pinned_public_key().empty()) {
    set(CURLOPT_PINNEDPUBLICKEY, connection_.pinned_public_key().c_str());
  }
  if (!connection_.https_proxy().empty()) {
    set(CURLOPT_PROXY, connection_.https_proxy().c_str());
  }
  if (rc != CURLE_OK) {
    api_->slist_free_all(headers);
    return Fail(ErrorCode::kInternal,
                std::string("curl option: ") + api_->easy_strerror(rc));
  }
  rc = api_->easy_perform(curl);
  api_->slist_free_all(headers);
  if (rc != CURLE_OK) {
    ErrorCode code = rc == CURLE_OPERATION_TIMEDOUT
                         ? ErrorCode::kResourceExhausted
                         : ErrorCode::kIo;
    return Fail(code, url + ": " + api_->easy_strerror(rc));
  }
  HttpResult result;
  api_->easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  result.body = std::move(capture.body);
  result.retry_after = capture.retry_after;
  return result;
}

}  // namespace surveyor::agent
